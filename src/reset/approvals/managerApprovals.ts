import { randomUUID } from 'node:crypto';
import type { Account } from '../account';
import type { CaseAudit } from '../caseAudit';
import type { CaseRecord, Requester } from '../case';
import { stepped } from '../caseChanges';
import type { CaseLifecycle, StepOutcome } from '../caseLifecycle';
import { describe } from '../describeError';
import { ConflictError } from '../errors';
import type { RateLimit } from '../guessLimits';
import type { AccountDirectory, Logger, RecordStore, WaitingClock } from '../ports';
import {
  caseApproval,
  draftRequest,
  statusOf,
  type ApprovalRequest,
  type ApprovalStatus,
  type AskResult,
  type DecideResult,
} from './approvalRequest';
import { ApprovalOutcomes } from './approvalOutcomes';
import { findApprover } from './approverChoice';
import type { ApproverChats } from './ports';

export interface ManagerApprovalsOptions {
  readonly directory: AccountDirectory;
  readonly lifecycle: CaseLifecycle;
  readonly trail: CaseAudit;
  /** The requests, by case id, in the shared store. */
  readonly requests: RecordStore<ApprovalRequest>;
  readonly chats: ApproverChats;
  /** Requests per account per day (3 by default in the composition root). */
  readonly perAccount?: RateLimit;
  readonly clock: WaitingClock;
  readonly logger: Logger;
  /** How long the approver has to answer. */
  readonly ttlMs: number;
}

/**
 * No registered mobile, own account: the manager (or an approver) vouches in Teams after speaking to the
 * person, in place of the SMS code, for that one case. Offered only to the account's owner; the approver
 * is another enabled person the bot can reach; the approval is single use, bound to its case, and runs
 * out. Every step is on the case and in the audit trail.
 */
export class ManagerApprovals {
  private stopped = false;
  private readonly cases: ApprovalOutcomes;

  constructor(private readonly options: ManagerApprovalsOptions) {
    this.cases = new ApprovalOutcomes(options);
  }

  /** Whether someone can vouch for the requester's own `account` (no mobile); looked up again on asking. */
  async offerable(record: CaseRecord, account: Account): Promise<boolean> {
    try {
      const found = await findApprover(this.options, record.requester, account);
      if (found) await this.options.trail.note(record, 'approval-offered', found.approver.username);
      return found !== undefined;
    } catch (error) {
      this.options.logger.warn({ caseId: record.id, err: describe(error) }, 'could not look up a manager');
      return false;
    }
  }

  /** The requester asks: the approver gets the card, the case waits for the answer. */
  async ask(caseId: string, requester: Requester): Promise<AskResult> {
    const asked = await this.options.lifecycle.update<
      AskResult | { kind: 'created'; request: ApprovalRequest }
    >(caseId, (record) => this.create(record, requester));
    if (asked.kind !== 'created') return asked;
    const { request } = asked;
    let sent: 'sent' | 'unreachable';
    try {
      sent = await this.options.chats.ask(request);
    } catch (error) {
      this.options.logger.warn({ caseId, err: describe(error) }, 'approval card could not be sent');
      sent = 'unreachable';
    }
    if (sent === 'unreachable') {
      await this.settle(request, 'unreachable');
      await this.options.lifecycle.update(caseId, (record) =>
        this.options.lifecycle.finish(record, 'no-phone', undefined, 'approver unreachable'),
      );
      return { kind: 'unavailable' };
    }
    this.expireLater(request);
    return {
      kind: 'asked',
      approverName: request.approver.displayName,
      expiresAt: new Date(request.expiresAt),
    };
  }

  /**
   * The approver's press. Only the request's approver (by Entra object id, as Teams reports the presser)
   * decides it, once, before it runs out; the case then goes on (yes) or ends (no) in the requester's chat.
   */
  async decide(
    caseId: string,
    requestId: string,
    presserAadObjectId: string | undefined,
    approve: boolean,
  ): Promise<DecideResult> {
    const current = await this.options.requests.get(caseId);
    const request = current?.value;
    if (!current || !request || request.id !== requestId) return this.pressRefused(caseId, 'no such request');
    if (
      presserAadObjectId === undefined ||
      presserAadObjectId !== request.approver.aadObjectId ||
      presserAadObjectId === request.requesterAadObjectId
    ) {
      return this.pressRefused(caseId, 'not the approver');
    }
    if (request.status !== 'pending') return { kind: 'already-decided', request };
    if (this.now().getTime() >= Date.parse(request.expiresAt)) {
      const expired = await this.expire(caseId);
      return expired ? { kind: 'expired', request: expired } : { kind: 'already-decided', request };
    }
    const decided = await this.settle(request, approve ? 'approved' : 'refused', current.etag);
    if (!decided) return { kind: 'already-decided', request };
    const applied = approve ? await this.cases.approved(decided) : await this.cases.refused(decided);
    if (!applied) return { kind: 'case-closed', request: decided };
    await this.resume(decided);
    return { kind: approve ? 'approved' : 'refused', request: decided };
  }

  /** Where the case's request stands; one past its time is expired here, whichever instance timed it. */
  async status(caseId: string): Promise<ApprovalStatus> {
    const request = (await this.options.requests.get(caseId))?.value;
    if (!request) return { kind: 'none' };
    if (request.status === 'pending' && this.now().getTime() >= Date.parse(request.expiresAt)) {
      await this.expire(caseId);
      return { kind: 'expired' };
    }
    return statusOf(request);
  }

  /** Pending expiry timers do nothing after this (shutdown). */
  stop(): void {
    this.stopped = true;
  }

  private async create(
    record: CaseRecord,
    requester: Requester,
  ): Promise<StepOutcome<AskResult | { kind: 'created'; request: ApprovalRequest }>> {
    const existing = (await this.options.requests.get(record.id))?.value;
    if (existing) {
      return existing.status === 'pending'
        ? {
            result: {
              kind: 'already-asked',
              approverName: existing.approver.displayName,
              expiresAt: new Date(existing.expiresAt),
            },
          }
        : { result: { kind: 'unavailable' } };
    }
    // Only the requester of an own-account case without a verified code, from their own Teams identity.
    if (
      record.ownAccount !== true ||
      !record.account ||
      record.verifiedAt !== undefined ||
      requester.aadObjectId === undefined ||
      requester.aadObjectId !== record.requester.aadObjectId
    ) {
      return { result: { kind: 'unavailable' } };
    }
    const account = await this.options.directory.findByUsername(record.account.username);
    if (!account || account.id !== record.account.id || account.mobile)
      return { result: { kind: 'unavailable' } };
    const found = await findApprover(this.options, record.requester, account);
    if (!found) return { result: { kind: 'unavailable' } };
    const now = this.now();
    if (this.options.perAccount && !(await this.options.perAccount.take(`approvals/${account.id}`, now))) {
      const throttled = [this.options.trail.event(record, 'throttled', 'manager approvals per account')];
      const finished = await this.options.lifecycle.finish(
        record,
        'no-phone',
        undefined,
        'approval limit',
        throttled,
      );
      return { record: finished.record, result: { kind: 'limit' }, events: finished.events };
    }
    const request = draftRequest({
      id: randomUUID(),
      record,
      account,
      requesterAadObjectId: requester.aadObjectId,
      ...found,
      at: now,
      ttlMs: this.options.ttlMs,
    });
    try {
      await this.options.requests.put(record.id, request);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return { result: { kind: 'unavailable' } };
    }
    const next = stepped(
      { ...record, approval: caseApproval(request) },
      'approval-requested',
      request.requestedAt,
    );
    const requested = this.options.trail.event(
      next,
      'approval-requested',
      `${found.role}: ${found.approver.username}`,
    );
    this.options.logger.info(
      { caseId: record.id, approver: found.approver.username },
      'manager asked to vouch',
    );
    return { record: next, result: { kind: 'created', request }, events: [requested] };
  }

  /** Marks a pending request past its time as expired and ends its case; the request as it now is. */
  private async expire(caseId: string): Promise<ApprovalRequest | undefined> {
    const current = await this.options.requests.get(caseId);
    const request = current?.value;
    if (!current || request?.status !== 'pending') return undefined;
    if (this.now().getTime() < Date.parse(request.expiresAt)) return undefined;
    const expired = await this.settle(request, 'expired', current.etag);
    if (!expired) return undefined;
    await this.cases.expired(expired);
    return expired;
  }

  /** The request's status, written under its etag; `undefined` when someone else decided it first. */
  private async settle(
    request: ApprovalRequest,
    status: ApprovalRequest['status'],
    etag?: string,
  ): Promise<ApprovalRequest | undefined> {
    const tag = etag ?? (await this.options.requests.get(request.caseId))?.etag;
    if (tag === undefined) return undefined;
    const settled: ApprovalRequest = { ...request, status, decidedAt: this.now().toISOString() };
    try {
      await this.options.requests.put(request.caseId, settled, tag);
      return settled;
    } catch (error) {
      if (error instanceof ConflictError) return undefined;
      throw error;
    }
  }

  /** The requester learns in time that nobody answered, even if they never write again. */
  private expireLater(request: ApprovalRequest): void {
    void this.options.clock
      .sleepUntil(new Date(request.expiresAt))
      .then(async () => {
        if (this.stopped) return;
        const expired = await this.expire(request.caseId);
        if (expired) await this.resume(expired);
      })
      .catch((error: unknown) => {
        this.options.logger.error({ caseId: request.caseId, err: describe(error) }, 'approval expiry failed');
      });
  }

  private async resume(request: ApprovalRequest): Promise<void> {
    try {
      await this.options.chats.resume(request);
    } catch (error) {
      // The case is decided either way; the requester sees it on their next message.
      this.options.logger.warn(
        { caseId: request.caseId, err: describe(error) },
        'requester could not be told',
      );
    }
  }

  private async pressRefused(caseId: string, why: string): Promise<DecideResult> {
    this.options.logger.warn({ caseId, why }, 'approval press refused');
    const record = await this.options.lifecycle.get(caseId);
    if (record) await this.options.trail.note(record, 'approval-press-refused', why);
    return { kind: 'not-yours' };
  }

  private now(): Date {
    return this.options.clock.now();
  }
}
