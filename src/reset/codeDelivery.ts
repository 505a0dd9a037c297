import type { Account } from './account';
import { lastTwoDigits } from './account';
import type { AuditEvent } from './audit';
import type { CaseAudit } from './caseAudit';
import type { CaseRecord } from './case';
import { isOpen } from './case';
import { accountFound, codeSent, withCode } from './caseChanges';
import type { CaseLifecycle } from './caseLifecycle';
import type { CodeIssuer } from './code';
import { describe } from './describeError';
import type { AccountDirectory, Clock, Logger, SmsSender } from './ports';
import type { SmsBudget } from './smsBudget';
import type { SmsThrottle } from './smsThrottle';

export interface CodeDeliveryOptions {
  readonly directory: AccountDirectory;
  readonly sms: SmsSender;
  readonly throttle: SmsThrottle;
  /** The service-wide hourly cap, on top of the per-account throttle; none when absent. */
  readonly budget?: SmsBudget;
  readonly codes: CodeIssuer;
  readonly lifecycle: CaseLifecycle;
  readonly trail: CaseAudit;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly composeSms: (input: { code: string; locale: string; validMinutes: number }) => string;
  readonly codeTtlMs: number;
}

/** One code to get to a phone: the case as saved when it was asked for, and its pending code. */
export interface Delivery {
  readonly record: CaseRecord;
  readonly codeId: string;
  /**
   * The account, when already known (the requester's own); otherwise the name is looked up; nobody for a
   * new code to a name that matched no account (the name itself is not kept).
   */
  readonly to: { readonly account: Account } | { readonly username: string } | { readonly nobody: true };
  /** The first code for a name given for someone else's account: the lookup tells the case its account. */
  readonly announce: boolean;
}

export type DeliveryResult =
  | { kind: 'sent'; phoneLast2: string }
  | { kind: 'not-sent'; why: string }
  | { kind: 'throttled'; until: Date }
  | { kind: 'over-budget' }
  | { kind: 'sms-failed'; error: unknown }
  | { kind: 'directory-failed' }
  | { kind: 'case-moved-on' };

/**
 * The slow part of the code step: find the account, take from the throttle and the budget, draw the
 * code, send it. It may run after the user has had their answer, so it reports everything itself, in
 * the audit trail and the log; for someone else's account it is the only place a failure is seen.
 */
export class CodeDelivery {
  constructor(private readonly options: CodeDeliveryOptions) {}

  async deliver(delivery: Delivery): Promise<DeliveryResult> {
    try {
      return await this.attempt(delivery);
    } catch (error) {
      // Whatever else broke on the way (a store, the throttle) is reported as a code that did not go out.
      this.options.logger.error({ caseId: delivery.record.id, err: describe(error) }, 'code delivery failed');
      await this.options.trail.note(delivery.record, 'sms-failed', describe(error));
      return { kind: 'sms-failed', error };
    }
  }

  private async attempt(delivery: Delivery): Promise<DeliveryResult> {
    const found = await this.account(delivery);
    if (found.kind === 'directory-failed') {
      return this.notSent(delivery, delivery.record, 'directory unavailable', found);
    }
    const { account } = found;
    if (!account) return this.notSent(delivery, delivery.record, 'no such account');
    const record = accountFound(delivery.record, account, typedName(delivery, account));
    if (!account.enabled) return this.notSent(delivery, record, 'account disabled');
    if (!account.mobile) return this.notSent(delivery, record, 'no registered mobile');
    const allowed = await this.allowed(record, account);
    if (allowed.kind !== 'allowed') return this.notSent(delivery, record, allowed.why, allowed.result);
    return this.send(delivery, record, account.mobile);
  }

  private async account(
    delivery: Delivery,
  ): Promise<{ kind: 'found'; account: Account | undefined } | { kind: 'directory-failed' }> {
    if ('account' in delivery.to) return { kind: 'found', account: delivery.to.account };
    if ('nobody' in delivery.to) return { kind: 'found', account: undefined };
    const { record } = delivery;
    let account: Account | undefined;
    try {
      account = await this.options.directory.findByUsername(delivery.to.username);
    } catch (error) {
      this.options.logger.error({ caseId: record.id, err: describe(error) }, 'directory lookup failed');
      await this.options.trail.note(record, 'directory-error', describe(error));
      return { kind: 'directory-failed' };
    }
    if (delivery.announce) {
      const named = account ? accountFound(record, account, typedName(delivery, account)) : record;
      this.options.logger.info(
        { caseId: record.id, found: account !== undefined },
        'requester asked about another account',
      );
      const entered = [this.options.trail.event(named, 'account-entered')];
      if (account) {
        await this.amend(
          delivery,
          (current) => accountFound(current, account, typedName(delivery, account)),
          entered,
        );
      } else {
        await this.options.trail.notes(entered);
      }
    }
    return { kind: 'found', account };
  }

  private async allowed(
    record: CaseRecord,
    account: Account,
  ): Promise<{ kind: 'allowed' } | { kind: 'refused'; why: string; result: DeliveryResult }> {
    const now = this.options.clock.now();
    const decision = await this.options.throttle.take(account.id, now);
    if (!decision.allowed) {
      await this.options.trail.note(record, 'throttled', 'sms per account');
      return { kind: 'refused', why: 'sms throttle', result: { kind: 'throttled', until: decision.until } };
    }
    if (this.options.budget && !(await this.options.budget.take(now))) {
      this.options.logger.warn({ caseId: record.id }, 'hourly SMS budget exhausted: no code sent');
      await this.options.trail.note(record, 'throttled', 'sms hourly budget');
      return { kind: 'refused', why: 'sms hourly budget', result: { kind: 'over-budget' } };
    }
    return { kind: 'allowed' };
  }

  /** The hash is on the case before the SMS leaves, so a code read off the phone at once already works. */
  private async send(delivery: Delivery, record: CaseRecord, to: NonNullable<Account['mobile']>) {
    const { code, hash } = this.options.codes.draw(record.id);
    const armed = await this.amend(delivery, (current) =>
      isOpen(current) && !current.verifiedAt
        ? withCode(current, delivery.codeId, (c) => ({ ...c, hash }))
        : undefined,
    );
    if (!armed) {
      this.options.logger.info({ caseId: record.id }, 'the case moved on before its code went out: not sent');
      return { kind: 'case-moved-on' } as const;
    }
    const text = this.options.composeSms({
      code,
      locale: record.locale,
      validMinutes: Math.round(this.options.codeTtlMs / 60_000),
    });
    try {
      await this.options.sms.send({ to, text, caseId: record.id });
    } catch (error) {
      // No code is left valid that never reached the phone.
      this.options.logger.warn({ caseId: record.id, err: describe(error) }, 'SMS could not be sent');
      await this.amend(
        delivery,
        (current) => withCode(current, delivery.codeId, ({ hash: _hash, ...unsent }) => unsent),
        [this.options.trail.event(record, 'sms-failed', describe(error))],
      );
      return this.notSent(delivery, record, 'sms failed', { kind: 'sms-failed', error });
    }
    const at = this.options.clock.now().toISOString();
    // Counted even when a newer code has replaced this one meanwhile: this SMS did go out.
    await this.options.lifecycle.amend(record.id, (current) => codeSent(current, at), [
      this.options.trail.event(codeSent(record, at), 'code-sent'),
    ]);
    this.options.logger.info({ caseId: record.id, phoneLast2: lastTwoDigits(to) }, 'code sent');
    return { kind: 'sent', phoneLast2: lastTwoDigits(to) } as const;
  }

  /**
   * No code went out. For someone else's account the case still looks like one whose code did
   * (its pending code counts tries and expires, matching nothing); the why is kept for the service desk.
   */
  private async notSent<R extends DeliveryResult>(
    delivery: Delivery,
    record: CaseRecord,
    why: string,
    result?: R,
  ): Promise<R | { kind: 'not-sent'; why: string }> {
    if (record.ownAccount !== true) {
      await this.amend(delivery, (current) => ({ ...current, outcomeDetail: why }), [
        this.options.trail.event(record, 'code-sent', `not sent: ${why}`),
      ]);
    }
    return result ?? { kind: 'not-sent', why };
  }

  /** Changes the case only while it still waits for this delivery's code. */
  private amend(
    delivery: Delivery,
    change: (record: CaseRecord) => CaseRecord | undefined,
    events: readonly AuditEvent[] = [],
  ) {
    return this.options.lifecycle.amend(
      delivery.record.id,
      (current) => (current.code?.id === delivery.codeId ? change(current) : undefined),
      events,
    );
  }
}

/** The name as typed for this case, now that it matched `account`; the account's own name on a resend. */
function typedName(delivery: Delivery, account: Account): string {
  return (
    delivery.record.requestedUsername ?? ('username' in delivery.to ? delivery.to.username : account.username)
  );
}
