import type { Account } from './account';
import type { ManagerApprovals } from './approvals/managerApprovals';
import type { CaseAudit } from './caseAudit';
import type { CaseRecord } from './case';
import { accountFound, accountNamed, codeAwaited, nameGiven } from './caseChanges';
import type { CaseLifecycle, StepOutcome } from './caseLifecycle';
import type { CodeIssuer } from './code';
import type { CodeDelivery, Delivery, DeliveryResult } from './codeDelivery';
import { describe } from './describeError';
import type { OwnAccounts } from './ownAccounts';
import type { Clock, Logger } from './ports';
import type { CaseClosed, ResendResult, UsernameResult } from './results';
import { UNIFORM } from './results';
import type { UniformAnswers } from './uniformAnswer';
import { usernameTag } from './typedUsername';
import { parseUsername } from './username';

export interface CodeSendingOptions {
  readonly lifecycle: CaseLifecycle;
  readonly trail: CaseAudit;
  readonly own: OwnAccounts;
  readonly delivery: CodeDelivery;
  readonly uniform: UniformAnswers;
  readonly codes: CodeIssuer;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly resendCooldownMs: number;
  /** The manager's confirmation for an own account without a mobile; never offered when absent. */
  readonly approvals?: ManagerApprovals;
}

/** What the quick part of a step decided: answer now, or get a code out (to the owner, or uniformly). */
type Decided<R> = R | ToDeliver;
type ToDeliver = { kind: 'deliver'; own: boolean; delivery: Delivery };

/**
 * Sending codes: the first one when an account is named, and a new one after the cooldown. The owner
 * is told what happened; anyone else gets the uniform answer at its fixed time while the delivery runs.
 */
export class CodeSending {
  constructor(private readonly options: CodeSendingOptions) {}

  async first(caseId: string, typed: string): Promise<UsernameResult> {
    const askedAt = this.options.clock.now();
    const decided = await this.options.lifecycle.update(caseId, (record) => this.nameAccount(record, typed));
    return this.send(askedAt, decided);
  }

  async again(caseId: string): Promise<ResendResult> {
    const askedAt = this.options.clock.now();
    const decided = await this.options.lifecycle.update(caseId, (record) => this.askAgain(record));
    return this.send(askedAt, decided);
  }

  private async send<R>(
    askedAt: Date,
    decided: Decided<R> | CaseClosed,
  ): Promise<R | ToOwner | typeof UNIFORM | CaseClosed> {
    if (!isDelivery(decided)) return decided;
    const { delivery } = decided;
    if (decided.own) return this.toOwner(delivery, await this.options.delivery.deliver(delivery));
    return this.options.uniform.answer(askedAt, UNIFORM, delivery.record.id, () =>
      this.options.delivery.deliver(delivery),
    );
  }

  private async nameAccount(
    record: CaseRecord,
    typed: string,
  ): Promise<StepOutcome<Decided<UsernameResult>>> {
    const username = parseUsername(typed);
    if (!username) return { result: { kind: 'invalid-username' } };
    let own: Account | undefined;
    try {
      own = await this.options.own.named(record.id, record.requester, username);
    } catch (error) {
      // Only the requester's own lookup has run: its failure says nothing about the name.
      this.options.logger.error({ caseId: record.id, err: describe(error) }, 'directory lookup failed');
      const tag = usernameTag(this.options.codes, username);
      return {
        record: nameGiven(record, tag),
        result: { kind: 'directory-unavailable' },
        events: [this.options.trail.event(record, 'directory-error', describe(error))],
      };
    }
    const now = this.options.clock.now();
    const tag = usernameTag(this.options.codes, username);
    const named = accountNamed(record, tag, own !== undefined, now.toISOString());
    if (!own) return this.awaitCode(named, { username }, true, false);
    const ownNamed = accountFound(named, own, username);
    const entered = [this.options.trail.event(ownNamed, 'account-entered')];
    const { lifecycle } = this.options;
    if (!own.enabled)
      return lifecycle.finish(ownNamed, 'blocked', { kind: 'disabled' }, 'account disabled', entered);
    if (!own.mobile) {
      // The case stays open for the manager's confirmation instead of the code.
      if (await this.options.approvals?.offerable(ownNamed, own))
        return { record: ownNamed, result: { kind: 'manager-can-confirm' }, events: entered };
      return lifecycle.finish(ownNamed, 'no-phone', { kind: 'no-phone' }, undefined, entered);
    }
    return { ...this.awaitCode(ownNamed, { account: own }, false, true), events: entered };
  }

  private askAgain(record: CaseRecord): Promise<StepOutcome<Decided<ResendResult>>> {
    if (record.verifiedAt) {
      return Promise.resolve({ result: { kind: 'case-closed', outcome: record.outcome ?? 'cancelled' } });
    }
    const sinceLast = record.lastCodeSentAt
      ? this.options.clock.now().getTime() - Date.parse(record.lastCodeSentAt)
      : Number.POSITIVE_INFINITY;
    if (sinceLast < this.options.resendCooldownMs) {
      const secondsLeft = Math.ceil((this.options.resendCooldownMs - sinceLast) / 1000);
      return Promise.resolve({ result: { kind: 'cooldown', secondsLeft } });
    }
    // The account is looked up again, for its mobile as it is now. A name that matched no account is not
    // kept, so there is nobody to look up; its answer still waits the uniform time like any other.
    const username = record.account?.username;
    const to: Delivery['to'] = username !== undefined ? { username } : { nobody: true };
    const awaited = this.awaitCode(record, to, false, record.ownAccount === true);
    // No name given yet: nothing to look up, and nothing about anyone to hide.
    if (record.usernameTag === undefined && username === undefined) {
      return Promise.resolve({ record: awaited.record, result: UNIFORM });
    }
    return Promise.resolve(awaited);
  }

  /** The case waits for a new code (the old one stops working); the delivery then gets it out, or not. */
  private awaitCode(
    record: CaseRecord,
    to: Delivery['to'],
    announce: boolean,
    own: boolean,
  ): StepOutcome<Decided<never>> {
    const now = this.options.clock.now();
    const code = this.options.codes.pending(now);
    const next = codeAwaited(record, code, now.toISOString());
    return {
      record: next,
      result: { kind: 'deliver', own, delivery: { record: next, codeId: code.id, to, announce } },
    };
  }

  /** The owner hears how it went; a code that cannot go out ends the case, as the guide says to call. */
  private async toOwner(delivery: Delivery, result: DeliveryResult): Promise<ToOwner | CaseClosed> {
    // The case ends without the code that never went out.
    const finish = <R>(outcome: 'blocked' | 'sms-error', answer: R, detail: string) =>
      this.options.lifecycle.update(delivery.record.id, ({ code: _unsent, ...record }) =>
        this.options.lifecycle.finish(record, outcome, answer, detail),
      );
    switch (result.kind) {
      case 'sent':
        return { kind: 'code-sent', phoneLast2: result.phoneLast2 };
      case 'throttled':
        return finish('blocked', { kind: 'blocked', until: result.until }, 'sms throttle');
      case 'over-budget':
        return finish('sms-error', { kind: 'sms-failed' }, 'sms hourly budget');
      case 'sms-failed':
        return finish('sms-error', { kind: 'sms-failed' }, describe(result.error));
      case 'directory-failed':
      case 'case-moved-on':
        return { kind: 'sms-failed' };
      case 'not-sent':
        // The account or its mobile vanished since the first code: told as anyone else would be.
        return UNIFORM;
    }
  }
}

type ToOwner =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' }
  | typeof UNIFORM;

function isDelivery<R>(decided: Decided<R> | CaseClosed): decided is ToDeliver {
  return (decided as { kind: string }).kind === 'deliver';
}
