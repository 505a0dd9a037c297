import { randomUUID } from 'node:crypto';
import type { Account } from '../account';
import { describe } from '../describeError';
import { ConflictError } from '../errors';
import type { Clock, Logger, RecordStore } from '../ports';
import type { EnrollmentFeed, NoticeRecord, PersonalChats } from './ports';
import type { ReminderPreferences } from './reminderPreferences';

/** Per account: when it was last looked at, and when its owner was last told how to register a phone. */
export interface EnrollmentTold {
  readonly checkedAt: string;
  readonly sentAt?: string;
}

export interface EnrollmentMessagesOptions {
  readonly feed: EnrollmentFeed;
  /** The lookup the SMS step itself uses: it decides whether the account has a registered mobile. */
  readonly findAccount: (username: string) => Promise<Account | undefined>;
  /** Whether the bot knows the person's chat: enrollment messages never install the bot for anyone. */
  readonly isReachable: (aadObjectId: string) => Promise<boolean>;
  readonly chats: PersonalChats;
  /** Shared by every instance, so none tells anyone twice. */
  readonly told: RecordStore<EnrollmentTold>;
  readonly preferences: ReminderPreferences;
  /** `ENROLLMENT_URL`; without it the message names only the service desk. */
  readonly url?: string;
  readonly record?: (notice: NoticeRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  /** At most one message per account in this time (30 days). */
  readonly everyMs?: number;
  /** An account found unreachable, stopped or with a mobile is looked at again after this (a day). */
  readonly recheckMs?: number;
  /** Directory lookups per round, so a first round over many accounts spreads over several. */
  readonly lookupsPerRound?: number;
}

const DAY = 24 * 60 * 60_000;

/**
 * Tells people the bot can reach, whose account has no registered mobile, how to register one: at most
 * once in 30 days, and only to people who have not said "stopp". Runs inside the reminder round (its
 * lease and notice hours).
 */
export class EnrollmentMessages {
  private readonly log: Logger;

  constructor(private readonly options: EnrollmentMessagesOptions) {
    this.log = options.logger.child({ module: 'enrollment-messages' });
  }

  /** One pass over the accounts without a mobile; returns how many messages were sent. */
  async tellAll(now: Date): Promise<number> {
    const o = this.options;
    let lookups = 0;
    let sent = 0;
    for (const candidate of await o.feed.withoutMobile()) {
      if (lookups >= (o.lookupsPerRound ?? 200)) break;
      const previous = await o.told.get(candidate.username);
      if (previous && !this.isDue(previous.value, now)) continue;
      lookups++;
      let owner: string | undefined;
      try {
        owner = await this.ownerToTell(candidate.username);
      } catch (error) {
        // The directory is likely down: the rest waits for the next round, which tries again.
        this.log.warn({ username: candidate.username, err: describe(error) }, 'enrollment lookup failed');
        break;
      }
      const next: EnrollmentTold = owner
        ? { checkedAt: now.toISOString(), sentAt: now.toISOString() }
        : { ...previous?.value, checkedAt: now.toISOString() };
      try {
        // Claimed before sending: another instance's round finds it taken.
        await o.told.put(candidate.username, next, previous?.etag);
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
      if (!owner) continue;
      if (await this.tell(owner, candidate.username, now)) sent++;
      else await this.release(candidate.username, previous?.value.sentAt, now);
    }
    return sent;
  }

  /** A message that did not go out is not counted against the 30 days: tried again after a day. */
  private async release(username: string, sentAt: string | undefined, now: Date): Promise<void> {
    const current = await this.options.told.get(username);
    if (!current) return;
    try {
      await this.options.told.put(
        username,
        { checkedAt: now.toISOString(), ...(sentAt !== undefined ? { sentAt } : {}) },
        current.etag,
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  private isDue(told: EnrollmentTold, now: Date): boolean {
    const o = this.options;
    if (told.sentAt !== undefined && now.getTime() - Date.parse(told.sentAt) < (o.everyMs ?? 30 * DAY))
      return false;
    return now.getTime() - Date.parse(told.checkedAt) >= (o.recheckMs ?? DAY);
  }

  /** The owner's Entra object id when they are to be told now; undefined otherwise. */
  private async ownerToTell(username: string): Promise<string | undefined> {
    const o = this.options;
    const account = await o.findAccount(username);
    const owner = account?.aadObjectId;
    if (!account || !account.enabled || account.mobile !== undefined || owner === undefined) return undefined;
    if (!(await o.isReachable(owner)) || !(await o.preferences.wantsReminders(owner))) return undefined;
    return owner;
  }

  private async tell(owner: string, username: string, now: Date): Promise<boolean> {
    const o = this.options;
    const id = randomUUID();
    const result = await o.chats.send(owner, {
      kind: 'enrollment',
      username,
      ...(o.url !== undefined ? { url: o.url } : {}),
      noticeId: id,
    });
    this.log.info({ username, result }, 'enrollment message');
    await o.record?.({
      id,
      kind: 'enrollment',
      at: now.toISOString(),
      username,
      delivered: result === 'sent',
    });
    return result === 'sent';
  }
}
