import type { AuditEvent } from '../reset/audit';
import type { AuditLog } from '../reset/ports';

/** Audit events in memory, newest last, bounded so a long-running demo does not grow without end. */
export class MemoryAuditLog implements AuditLog {
  private readonly events: AuditEvent[] = [];

  constructor(private readonly capacity = 10_000) {}

  record(event: AuditEvent): Promise<void> {
    this.events.push(Object.freeze({ ...event }));
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
    return Promise.resolve();
  }

  list(caseId?: string): readonly AuditEvent[] {
    return caseId === undefined ? [...this.events] : this.events.filter((event) => event.caseId === caseId);
  }
}
