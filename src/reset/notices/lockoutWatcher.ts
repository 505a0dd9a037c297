import { randomUUID } from 'node:crypto';
import { describe } from '../describeError';
import { ConflictError } from '../errors';
import type { Clock, Logger, RecordStore } from '../ports';
import type { Lease } from '../lease';
import { Rounds } from './rounds';
import type { LockedAccount, LockoutFeed, NoticeRecord, PersonalChats, SignInLog } from './ports';

/** Per account: the last lockout told, so each is told once and an account at most once an hour. */
export interface LockoutNoticeSent {
  readonly lockedAt: string;
  readonly sentAt: string;
}

/** The last change the bot made to an account (written by the change notices). */
export interface RecentChange {
  readonly at: string;
}

export type { NoticeRecord } from './ports';

export interface LockoutWatcherOptions {
  readonly feed: LockoutFeed;
  readonly chats: PersonalChats;
  /** Only the instance holding it looks (several instances, one notice). */
  readonly lease: Lease;
  /** Where the last look is kept, so the next holder of the lease carries on from it. */
  readonly state: RecordStore<{ readonly lastLook: string }>;
  readonly sent: RecordStore<LockoutNoticeSent>;
  /** Changes the bot made; a lockout within `relockWindowMs` after one gets the relock text. */
  readonly changes?: RecordStore<RecentChange>;
  /** Where Entra's sign-in log is readable: a relock notice names the apps and devices that failed. */
  readonly signIns?: SignInLog;
  /** Called for every notice decided (delivered or not). */
  readonly record?: (notice: NoticeRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly perAccountMs?: number;
  readonly relockWindowMs?: number;
}

const HOUR = 60 * 60_000;
/** Domain controllers' clocks and replication differ a little: each look reaches this far back. */
const OVERLAP_MS = 30_000;

/**
 * Tells people their account was just locked, where they are still signed in: Teams. Each round asks the
 * directory once for everything locked since the last round, whatever the number of accounts.
 */
export class LockoutWatcher {
  private readonly log: Logger;
  private readonly rounds: Rounds;

  constructor(private readonly options: LockoutWatcherOptions) {
    this.log = options.logger.child({ module: 'lockout-watch' });
    this.rounds = new Rounds(() => this.look(), options.intervalMs, this.log, 'lockout look');
  }

  /** Looks now, then every interval, until `stop()`. */
  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; returns how many notices were sent (0 when another instance holds the lease). */
  async look(): Promise<number> {
    const o = this.options;
    // The lease outlives two rounds, so a holder that pauses briefly keeps it.
    if (!(await o.lease.acquire(o.intervalMs * 2 + 10_000))) return 0;
    const now = o.clock.now();
    const state = await o.state.get('lockout');
    const since = state
      ? new Date(Date.parse(state.value.lastLook) - OVERLAP_MS)
      : new Date(now.getTime() - o.intervalMs);
    const started = Date.now();
    const locked = await o.feed.lockedSince(since);
    this.log.debug({ found: locked.length, searchMs: Date.now() - started }, 'lockout search');
    let sent = 0;
    for (const account of locked) if (await this.tell(account, now)) sent++;
    await this.saveLastLook(now, state?.etag);
    return sent;
  }

  private async tell(account: LockedAccount, now: Date): Promise<boolean> {
    const o = this.options;
    if (!account.enabled || account.protected || account.aadObjectId === undefined) return false;
    const lockedAt = account.lockedAt.toISOString();
    const previous = await o.sent.get(account.username);
    if (previous?.value.lockedAt === lockedAt) return false;
    const change = await o.changes?.get(account.username);
    // At most one an hour, unless the bot changed the account since: then the relock is news.
    const changedSince =
      change !== undefined && previous !== undefined && change.value.at > previous.value.sentAt;
    if (
      previous &&
      !changedSince &&
      now.getTime() - Date.parse(previous.value.sentAt) < (o.perAccountMs ?? HOUR)
    )
      return false;
    try {
      // Claimed before sending: a second look (or instance) finds it taken.
      await o.sent.put(account.username, { lockedAt, sentAt: now.toISOString() }, previous?.etag);
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
    const relock = isRelock(account, change?.value, o.relockWindowMs ?? 30 * 60_000);
    const failedFrom =
      relock && change ? await this.failedFrom(account.aadObjectId, change.value, account.lockedAt) : [];
    const id = randomUUID();
    const result = await o.chats.send(account.aadObjectId, {
      kind: 'lockout',
      username: account.username,
      lockedAt: account.lockedAt,
      ...(relock ? { relock } : {}),
      ...(failedFrom.length > 0 ? { failedFrom } : {}),
      noticeId: id,
    });
    await o.record?.({
      id,
      kind: 'lockout',
      at: now.toISOString(),
      username: account.username,
      delivered: result === 'sent',
      relock,
    });
    return result === 'sent';
  }

  /** The failed sign-ins between the bot's change and the lockout (a minute on, for clock skew). */
  private async failedFrom(owner: string, change: RecentChange, lockedAt: Date): Promise<readonly string[]> {
    const log = this.options.signIns;
    if (!log) return [];
    try {
      const until = new Date(lockedAt.getTime() + 60_000);
      return (await log.failedSignInSources(owner, new Date(change.at), until)) ?? [];
    } catch (error) {
      this.log.warn({ err: describe(error) }, 'sign-in log lookup failed: the notice names no source');
      return [];
    }
  }

  private async saveLastLook(now: Date, etag: string | undefined): Promise<void> {
    try {
      await this.options.state.put('lockout', { lastLook: now.toISOString() }, etag);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      this.log.warn({}, 'another instance looked at the same time');
    }
  }
}

/** Locked again within the window after the bot unlocked it or set its password. */
function isRelock(account: LockedAccount, change: RecentChange | undefined, windowMs: number): boolean {
  if (!change) return false;
  const after = account.lockedAt.getTime() - Date.parse(change.at);
  return after >= 0 && after <= windowMs;
}
