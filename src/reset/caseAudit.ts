import type { AuditEvent } from './audit';
import type { CaseOutcome, CaseRecord } from './case';
import { describe } from './describeError';
import type { AuditLog, Clock, Logger } from './ports';

/** The audit events of a case: who asked, about which account, what happened. */
export class CaseAudit {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Writes one event on its own, for what happened without a change to the case. */
  async note(record: CaseRecord, type: AuditEvent['type'], detail?: string): Promise<void> {
    await this.write(this.event(record, type, detail));
  }

  /** Writes events on their own, for what happened without a change to the case. */
  async notes(events: readonly AuditEvent[]): Promise<void> {
    for (const event of events) await this.write(event);
  }

  /** The event, to be saved with the change of the case it explains (`CaseStore.saveWithEvents`). */
  event(record: CaseRecord, type: AuditEvent['type'], detail?: string): AuditEvent {
    return { at: this.now(), caseId: record.id, type, ...who(record), ...withDetail(detail) };
  }

  outcome(record: CaseRecord, outcome: CaseOutcome, detail?: string): AuditEvent {
    return {
      at: this.now(),
      caseId: record.id,
      type: 'outcome',
      outcome,
      ...who(record),
      ...withDetail(detail),
    };
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
