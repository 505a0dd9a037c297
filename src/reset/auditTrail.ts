import type { AuditEvent } from './audit';
import type { AuditLog } from './ports';

/** What the service-desk view asks of the audit trail; times are UTC ISO strings, `until` exclusive. */
export interface AuditQuery {
  readonly caseId?: string;
  readonly since?: string;
  readonly until?: string;
  readonly limit?: number;
}

/** An audit log that can also be read back (tests, the service-desk view). */
export interface ReadableAuditLog extends AuditLog {
  /** Oldest first; every event, or one case's. */
  list(caseId?: string): readonly AuditEvent[];
  /** Oldest first, filtered. */
  query(query: AuditQuery): Promise<readonly AuditEvent[]>;
}
