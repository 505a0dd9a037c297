import type { CaseAudit } from '../caseAudit';
import { isOpen } from '../case';
import { stepped } from '../caseChanges';
import type { CaseLifecycle } from '../caseLifecycle';
import type { Clock, Logger } from '../ports';
import { caseApproval, type ApprovalRequest } from './approvalRequest';

/** What an approval's answer does to its case: on the case record and in the audit trail. */
export class ApprovalOutcomes {
  constructor(
    private readonly options: {
      readonly lifecycle: CaseLifecycle;
      readonly trail: CaseAudit;
      readonly clock: Clock;
      readonly logger: Logger;
    },
  ) {}

  /** Yes: as if the code had been right, the guide's two choices follow. False when the case ended first. */
  async approved(request: ApprovalRequest): Promise<boolean> {
    const at = request.decidedAt ?? this.now();
    const result = await this.options.lifecycle.update(request.caseId, (record) => {
      if (record.verifiedAt !== undefined || record.approval?.status !== 'pending')
        return Promise.resolve({ result: false });
      const next = stepped(
        { ...record, verifiedAt: at, approval: caseApproval(request) },
        'manager-approved',
        at,
      );
      const approved = this.options.trail.event(
        next,
        'manager-approved',
        `by ${request.approver.username} at ${at}`,
      );
      return Promise.resolve({ record: next, result: true, events: [approved] });
    });
    this.options.logger.info(
      { caseId: request.caseId, approver: request.approver.username },
      'manager vouched',
    );
    return result === true;
  }

  /** No: the case ends; its outcome alerts the service desk (possible impersonation). */
  async refused(request: ApprovalRequest): Promise<boolean> {
    const at = request.decidedAt ?? this.now();
    const result = await this.options.lifecycle.update(request.caseId, (record) => {
      const next = stepped({ ...record, approval: caseApproval(request) }, 'manager-refused', at);
      const refused = [
        this.options.trail.event(next, 'manager-refused', `by ${request.approver.username} at ${at}`),
      ];
      const detail = `refused by ${request.approver.username}`;
      // The outcome's event is saved with the case: the service desk's alert (possible impersonation) reads it.
      return this.options.lifecycle.finish(next, 'manager-refused', true, detail, refused);
    });
    this.options.logger.warn({ caseId: request.caseId }, 'manager did not vouch: possible impersonation');
    return result === true;
  }

  /** No answer in time: the case ends as expired, saying why. */
  async expired(request: ApprovalRequest): Promise<void> {
    const { caseId } = request;
    const before = await this.options.lifecycle.get(caseId);
    const expired = before
      ? [this.options.trail.event(before, 'approval-expired', request.approver.username)]
      : [];
    await this.options.lifecycle.amend(
      caseId,
      (record) =>
        isOpen(record) && record.approval?.status === 'pending'
          ? stepped({ ...record, approval: caseApproval(request) }, 'approval-expired', this.now())
          : undefined,
      expired,
    );
    await this.options.lifecycle.close(caseId, 'expired', 'manager did not answer in time');
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}
