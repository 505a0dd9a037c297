import type { AuditEvent } from '../../reset/audit';
import type { AuditQuery, ReadableAuditLog } from '../../reset/auditTrail';
import type { SqliteDatabase } from './database';

/** The one statement that appends an audit event; the case store runs it inside its own transaction. */
export function appendAuditEvent(db: SqliteDatabase): (event: AuditEvent) => void {
  const insert = db.prepare('INSERT INTO audit (at, case_id, event) VALUES (?, ?, ?)');
  return (event) => void insert.run(event.at, event.caseId, JSON.stringify(event));
}

/** Append-only audit events, one JSON row each, indexed by time and case. */
export class SqliteAuditLog implements ReadableAuditLog {
  private readonly append;
  private readonly select;

  constructor(db: SqliteDatabase) {
    this.append = appendAuditEvent(db);
    this.select = db.prepare<
      { caseId: string | null; since: string | null; until: string | null; limit: number },
      { event: string }
    >(
      `SELECT event FROM audit
       WHERE (@caseId IS NULL OR case_id = @caseId) AND (@since IS NULL OR at >= @since)
         AND (@until IS NULL OR at < @until)
       ORDER BY at, seq LIMIT @limit`,
    );
  }

  record(event: AuditEvent): Promise<void> {
    this.append(event);
    return Promise.resolve();
  }

  list(caseId?: string): readonly AuditEvent[] {
    return this.read({ ...(caseId !== undefined ? { caseId } : {}) });
  }

  query(query: AuditQuery): Promise<readonly AuditEvent[]> {
    return Promise.resolve(this.read(query));
  }

  private read(query: AuditQuery): AuditEvent[] {
    const rows = this.select.all({
      caseId: query.caseId ?? null,
      since: query.since ?? null,
      until: query.until ?? null,
      limit: query.limit ?? -1,
    });
    return rows.map((row) => JSON.parse(row.event) as AuditEvent);
  }
}
