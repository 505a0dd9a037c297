import type { PhoneNumber } from './account';
import type { CaseRecord } from './case';
import type { CaseAudit } from './caseAudit';
import { describe } from './describeError';
import { ConflictError } from './errors';
import type { RecentChange } from './notices/lockoutWatcher';
import type { AccountDirectory, Clock, Logger, RecordStore, SmsSender } from './ports';

/** What the bot changed on an account: the two writes an owner must hear about. */
export type AccountChange = 'unlocked' | 'password-set';

/** What the change-notice SMS is written from; never a code, never the phone number. */
export interface ChangeNoticeText {
  readonly change: AccountChange;
  readonly at: Date;
  /** The case's language (`sv`, `en`). */
  readonly locale: string;
  readonly username: string;
}

/** A change told to the owner in Teams when someone else made it (where the owner can be reached). */
export interface ChangeNotice {
  readonly caseId: string;
  readonly change: AccountChange;
  readonly at: Date;
  readonly username: string;
  /** The owner's Entra object id, when the directory knows it. */
  readonly ownerAadObjectId?: string;
}

export interface ChangeNoticesOptions {
  readonly directory: AccountDirectory;
  readonly sms: SmsSender;
  readonly trail: CaseAudit;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The SMS text; no SMS to the owner when absent (`NOTIFY_OWNER_SMS=false`). */
  readonly composeText?: (input: ChangeNoticeText) => string;
  /** Tells the owner in Teams; resolves whether it reached them. Only for changes made by someone else. */
  readonly tellOwner?: (notice: ChangeNotice) => Promise<boolean>;
  /** The last change per account, so a lockout soon after it is told as a relock. */
  readonly changes?: RecordStore<RecentChange>;
}

/**
 * After every unlock or password change the account's owner hears of it on their registered mobile
 * (NIST 800-63B-4, as Entra SSPR does), so a change they did not make does not go unnoticed. It runs
 * after the answer: the requester is not kept waiting, and a failure is logged and audited, never shown.
 */
export class ChangeNotices {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: ChangeNoticesOptions) {}

  notify(record: CaseRecord, change: AccountChange): void {
    const running: Promise<void> = this.tell(record, change)
      .catch((error: unknown) => {
        this.options.logger.error({ caseId: record.id, err: describe(error) }, 'change notice failed');
      })
      .finally(() => this.running.delete(running));
    this.running.add(running);
  }

  /** Resolves when every notice started so far has been sent or has failed (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  private async tell(record: CaseRecord, change: AccountChange): Promise<void> {
    const at = this.options.clock.now();
    const account = record.account;
    if (!account) return;
    await this.rememberChange(account.username, at);
    const { composeText } = this.options;
    const tellOwner = record.ownAccount !== true ? this.options.tellOwner : undefined;
    if (!composeText && !tellOwner) return;
    if (composeText) {
      // The case keeps no phone number (by design): the directory is asked again, the only source.
      const current = await this.options.directory.findByUsername(account.username);
      const text = composeText({ change, at, locale: record.locale, username: account.username });
      await this.sendSms(record, current?.mobile, text);
    }
    if (tellOwner) {
      const reached = await tellOwner({
        caseId: record.id,
        change,
        at,
        username: account.username,
        ...(account.ownerAadObjectId !== undefined ? { ownerAadObjectId: account.ownerAadObjectId } : {}),
      });
      await this.options.trail.note(record, reached ? 'owner-told' : 'owner-not-reachable', change);
    }
  }

  private async rememberChange(username: string, at: Date): Promise<void> {
    const changes = this.options.changes;
    if (!changes) return;
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await changes.get(username);
      try {
        await changes.put(username, { at: at.toISOString() }, current?.etag);
        return;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }

  private async sendSms(record: CaseRecord, mobile: PhoneNumber | undefined, text: string): Promise<void> {
    if (mobile === undefined) {
      await this.options.trail.note(record, 'owner-not-notified', 'no registered mobile');
      return;
    }
    try {
      await this.options.sms.send({ to: mobile, text, caseId: record.id });
      await this.options.trail.note(record, 'owner-notified', 'sms');
      this.options.logger.info({ caseId: record.id }, 'owner told of the change by SMS');
    } catch (error) {
      this.options.logger.warn({ caseId: record.id, err: describe(error) }, 'change-notice SMS failed');
      await this.options.trail.note(record, 'owner-not-notified', 'sms failed');
    }
  }
}
