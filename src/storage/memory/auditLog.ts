import type { AuditEvent } from '../../reset/audit';
import type { AuditQuery, ReadableAuditLog } from '../../reset/auditTrail';

/** Audit events in memory, newest last, bounded so a long-running demo does not grow without end. */
export class MemoryAuditLog implements ReadableAuditLog {
  private readonly events: AuditEvent[] = [];

  constructor(private readonly capacity = 10_000) {}

  record(event: AuditEvent): Promise<void> {
    this.append(event);
    return Promise.resolve();
  }

  /** `record` at once, for a case store that appends in the same step as it saves. */
  append(event: AuditEvent): void {
    this.events.push(Object.freeze({ ...event }));
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
  }

  query(query: AuditQuery): Promise<readonly AuditEvent[]> {
    const matching = this.events.filter(
      (event) =>
        (query.caseId === undefined || event.caseId === query.caseId) &&
        (query.since === undefined || event.at >= query.since) &&
        (query.until === undefined || event.at < query.until),
    );
    return Promise.resolve(matching.slice(0, query.limit));
  }

  list(caseId?: string): readonly AuditEvent[] {
    return caseId === undefined ? [...this.events] : this.events.filter((event) => event.caseId === caseId);
  }
}
