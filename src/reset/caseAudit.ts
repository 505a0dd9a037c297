import type { AuditEvent } from './audit';
import type { CaseOutcome, CaseRecord } from './case';
import { describe } from './describeError';
import type { AuditLog, Clock, Logger } from './ports';

/** Writes the audit events of a case: who asked, about which account, what happened. */
export class CaseAudit {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async note(record: CaseRecord, type: AuditEvent['type'], detail?: string): Promise<void> {
    await this.write({ at: this.now(), caseId: record.id, type, ...who(record), ...withDetail(detail) });
  }

  async outcome(record: CaseRecord, outcome: CaseOutcome, detail?: string): Promise<void> {
    await this.write({
      at: this.now(),
      caseId: record.id,
      type: 'outcome',
      outcome,
      ...who(record),
      ...withDetail(detail),
    });
  }

  private async write(event: AuditEvent): Promise<void> {
    try {
      await this.audit.record(event);
    } catch (error) {
      // Losing an audit line must not strand the user mid-reset; the operator sees it in the log.
      this.log.error({ caseId: event.caseId, err: describe(error), type: event.type }, 'audit write failed');
    }
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function who(record: CaseRecord): Pick<AuditEvent, 'requesterAadObjectId' | 'account' | 'ownAccount'> {
  return {
    ...(record.requester.aadObjectId ? { requesterAadObjectId: record.requester.aadObjectId } : {}),
    ...(record.account ? { account: record.account.username } : {}),
    ...(record.ownAccount !== undefined ? { ownAccount: record.ownAccount } : {}),
  };
}

function withDetail(detail: string | undefined): { detail?: string } {
  return detail !== undefined ? { detail } : {};
}
