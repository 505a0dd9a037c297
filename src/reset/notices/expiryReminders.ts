import { randomUUID } from 'node:crypto';
import { ConflictError } from '../errors';
import type { Clock, Logger, RecordStore } from '../ports';
import type { Lease } from '../lease';
import type { EnrollmentMessages } from './enrollmentMessages';
import type { ExpiringPassword, ExpiryFeed, NoticeRecord, PersonalChats } from './ports';
import { isWithinNoticeHours, type NoticeHours, type ReminderPreferences } from './reminderPreferences';
import { Rounds } from './rounds';

/** Per account: the expiry the reminders were about, and the thresholds (days) already covered. */
export interface ExpiryRemindersSent {
  readonly expiresAt: string;
  readonly thresholds: readonly number[];
}

export interface ExpiryRemindersOptions {
  /** Absent where the directory has no expiry times: the round then only sends enrollment messages. */
  readonly feed?: ExpiryFeed;
  readonly chats: PersonalChats;
  readonly lease: Lease;
  readonly sent: RecordStore<ExpiryRemindersSent>;
  readonly preferences: ReminderPreferences;
  readonly hours: NoticeHours;
  /** `PASSWORD_EXPIRY_REMINDER_DAYS`, e.g. 7 and 1. */
  readonly thresholdsDays: readonly number[];
  /** Enrollment messages, sent in the same round under the same lease and notice hours. */
  readonly enrollment?: EnrollmentMessages;
  /** Called for every reminder sent or not reachable (the service desk's record). */
  readonly record?: (notice: NoticeRecord) => Promise<void>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
}

const DAY = 24 * 60 * 60_000;

/**
 * One reminder at each threshold before a password expires, inside notice hours, to people who have not
 * said "stopp". A threshold passed while a reminder could not go out is covered by the next one.
 */
export class ExpiryReminders {
  private readonly log: Logger;
  private readonly rounds: Rounds;

  constructor(private readonly options: ExpiryRemindersOptions) {
    this.log = options.logger.child({ module: 'expiry-reminders' });
    this.rounds = new Rounds(() => this.check(), options.intervalMs, this.log, 'expiry check');
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One check (reminders, then enrollment messages); returns how many messages were sent. */
  async check(): Promise<number> {
    const o = this.options;
    const now = o.clock.now();
    if (!isWithinNoticeHours(now, o.hours)) return 0;
    const reminders = o.feed !== undefined && o.thresholdsDays.length > 0 ? o.feed : undefined;
    if (!reminders && !o.enrollment) return 0;
    if (!(await o.lease.acquire(o.intervalMs * 2 + 10_000))) return 0;
    let sent = 0;
    if (reminders) {
      // A day more than the largest threshold, so an expiry exactly on it is included.
      const horizon = new Date(now.getTime() + (Math.max(...o.thresholdsDays) + 1) * DAY);
      for (const account of await reminders.expiringBefore(horizon))
        if (await this.remind(account, now)) sent++;
    }
    if (o.enrollment) sent += await o.enrollment.tellAll(now);
    return sent;
  }

  private async remind(account: ExpiringPassword, now: Date): Promise<boolean> {
    const o = this.options;
    if (account.aadObjectId === undefined || account.expiresAt <= now) return false;
    const daysLeft = Math.ceil((account.expiresAt.getTime() - now.getTime()) / DAY);
    const due = o.thresholdsDays.filter((days) => daysLeft <= days);
    const expiresAt = account.expiresAt.toISOString();
    const previous = await o.sent.get(account.username);
    // A new password moves the expiry later and starts a new round of reminders; a shorter maxPwdAge
    // moves it earlier, and what was already said stays said.
    const covered = previous && previous.value.expiresAt >= expiresAt ? previous.value.thresholds : [];
    if (due.every((days) => covered.includes(days))) return false;
    if (!(await o.preferences.wantsReminders(account.aadObjectId))) return false;
    try {
      await o.sent.put(
        account.username,
        { expiresAt, thresholds: [...new Set([...covered, ...due])] },
        previous?.etag,
      );
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
    const id = randomUUID();
    const result = await o.chats.send(account.aadObjectId, {
      kind: 'expiry',
      username: account.username,
      expiresAt: account.expiresAt,
      daysLeft,
      first: covered.length === 0,
      noticeId: id,
    });
    this.log.info({ username: account.username, daysLeft, result }, 'expiry reminder');
    await o.record?.({
      id,
      kind: 'expiry',
      at: now.toISOString(),
      username: account.username,
      delivered: result === 'sent',
    });
    return result === 'sent';
  }
}
