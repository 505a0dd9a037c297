import type { CaseAudit } from './caseAudit';
import type { CaseRecord, ResetChoice } from './case';
import type { ChangeNotices } from './changeNotices';
import { chosen, stepped } from './caseChanges';
import type { CaseLifecycle, StepOutcome } from './caseLifecycle';
import { describe } from './describeError';
import { PasswordRejectedError, ResetError } from './errors';
import type { PasswordBlocklist } from './passwordBlocklist';
import type { PasswordPolicyOptions } from './passwordPolicy';
import { checkPassword, defaultPasswordPolicy } from './passwordPolicy';
import type { AccountDirectory, Clock, Logger } from './ports';
import type { ActionResult, ChoiceResult } from './results';

export interface AccountActionsOptions {
  readonly directory: AccountDirectory;
  readonly lifecycle: CaseLifecycle;
  readonly trail: CaseAudit;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly passwordPolicy?: PasswordPolicyOptions;
  /** Common passwords and local words that are refused inside a new password. */
  readonly blocklist?: PasswordBlocklist;
  /** Tells the owner after every change; nobody is told when absent. */
  readonly notices?: ChangeNotices;
}

/** What a verified case may do to its account: choose, then unlock it or give it a new password. */
export class AccountActions {
  constructor(private readonly options: AccountActionsOptions) {}

  async choose(caseId: string, choice: ResetChoice): Promise<ChoiceResult> {
    return this.options.lifecycle.update<ChoiceResult>(caseId, (record) => {
      if (!record.verifiedAt || !record.account) return Promise.resolve({ result: { kind: 'not-verified' } });
      const next = chosen(record, choice, this.now());
      const events = [this.options.trail.event(next, 'choice-made', choice)];
      return Promise.resolve({ record: next, result: { kind: 'ok' }, events });
    });
  }

  async unlock(caseId: string): Promise<ActionResult> {
    return this.options.lifecycle.update<ActionResult>(caseId, async (record) => {
      const account = record.account;
      if (!record.verifiedAt || !account) return { result: { kind: 'not-verified' } };
      try {
        const result = await this.options.directory.unlock(account);
        const done = await this.options.lifecycle.finish<ActionResult>(
          record,
          'unlocked',
          { kind: 'unlocked', result },
          result,
        );
        if (result === 'unlocked') this.options.notices?.notify(done.record, 'unlocked');
        return done;
      } catch (error) {
        return this.writeFailed(record, error);
      }
    });
  }

  /** Checks our policy first (nothing written when it fails); the directory then enforces history. */
  async setPassword(caseId: string, password: string, repeat: string): Promise<ActionResult> {
    return this.options.lifecycle.update<ActionResult>(caseId, async (record) => {
      const account = record.account;
      if (!record.verifiedAt || !account) return { result: { kind: 'not-verified' } };
      const violations = checkPassword(
        password,
        repeat,
        account,
        this.options.passwordPolicy ?? defaultPasswordPolicy,
      );
      if (password.length > 0 && this.options.blocklist?.isBlocked(password))
        violations.push('common-password');
      if (violations.length > 0) {
        const next = stepped(record, 'password-rejected', this.now());
        const events = [this.options.trail.event(next, 'password-rejected', violations.join(','))];
        return { record: next, result: { kind: 'password-invalid', violations }, events };
      }
      try {
        await this.options.directory.setPassword(account, password);
        const done = await this.options.lifecycle.finish<ActionResult>(record, 'password-set', {
          kind: 'password-set',
        });
        this.options.notices?.notify(done.record, 'password-set');
        return done;
      } catch (error) {
        if (error instanceof PasswordRejectedError) {
          const next = stepped(record, 'password-rejected', this.now());
          const events = [this.options.trail.event(next, 'password-rejected', error.reasons.join(','))];
          return { record: next, result: { kind: 'password-rejected', reasons: error.reasons }, events };
        }
        return this.writeFailed(record, error);
      }
    });
  }

  private writeFailed(record: CaseRecord, error: unknown): Promise<StepOutcome<ActionResult>> {
    if (error instanceof ResetError && error.code === 'account-not-writable') {
      this.options.logger.warn({ caseId: record.id, err: describe(error) }, 'account may not be changed');
      return this.options.lifecycle.finish(
        record,
        'directory-error',
        { kind: 'not-writable' },
        describe(error),
      );
    }
    this.options.logger.error({ caseId: record.id, err: describe(error) }, 'directory write failed');
    const events = [this.options.trail.event(record, 'directory-error', describe(error))];
    return Promise.resolve({ record, result: { kind: 'directory-unavailable' }, events });
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
