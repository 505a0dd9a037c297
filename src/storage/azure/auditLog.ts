import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditEvent } from '../../reset/audit';
import type { AuditQuery, ReadableAuditLog } from '../../reset/auditTrail';
import { MemoryAuditLog } from '../memory/auditLog';
import { ensureTable, quote, tableKey } from './tables';

export type AuditEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly at: string;
  readonly caseId: string;
  readonly event: string;
};

/** Audit rows sort after the case row (`case`) and by time among themselves. */
const AUDIT_ROWS = { from: 'audit_', to: 'audit`' } as const;

/**
 * An audit event as a row in its case's partition of the cases table (see `AzureCaseStore`): the
 * case and the events of one change go in one batch. RowKey: `audit_` + the time + a random suffix.
 */
export function auditEntity(event: AuditEvent): AuditEntity {
  return {
    partitionKey: tableKey(event.caseId),
    rowKey: `${AUDIT_ROWS.from}${event.at}_${randomBytes(6).toString('hex')}`,
    at: event.at,
    caseId: event.caseId,
    event: JSON.stringify(event),
  };
}

/**
 * Append-only audit events in Table Storage, each in the partition of its case, beside the case row.
 * `list()` is synchronous in the port, so it answers from this instance's recent events only;
 * `query()` reads the shared table.
 */
export class AzureAuditLog implements ReadableAuditLog {
  private readonly ready: () => Promise<void>;
  private readonly recent = new MemoryAuditLog();

  constructor(private readonly table: TableClient) {
    this.ready = ensureTable(table);
  }

  async record(event: AuditEvent): Promise<void> {
    await this.ready();
    await this.table.createEntity(auditEntity(event));
    this.recent.append(event);
  }

  /** Events the case store wrote in its batch, for `list()`. */
  written(events: readonly AuditEvent[]): void {
    for (const event of events) this.recent.append(event);
  }

  list(caseId?: string): readonly AuditEvent[] {
    return this.recent.list(caseId);
  }

  /** One case: one partition. By time: a scan of the audit rows (the service desk's export, not a turn). */
  async query(query: AuditQuery): Promise<readonly AuditEvent[]> {
    await this.ready();
    const filters = [`RowKey ge ${quote(AUDIT_ROWS.from)}`, `RowKey lt ${quote(AUDIT_ROWS.to)}`];
    if (query.caseId !== undefined) filters.push(`PartitionKey eq ${quote(tableKey(query.caseId))}`);
    if (query.since !== undefined) filters.push(`at ge ${quote(query.since)}`);
    if (query.until !== undefined) filters.push(`at lt ${quote(query.until)}`);
    const rows: AuditEntity[] = [];
    const entities = this.table.listEntities<AuditEntity>({
      queryOptions: { filter: filters.join(' and ') },
    });
    for await (const row of entities) rows.push(row);
    // RowKeys start with the time: sorting them puts every partition's rows oldest first.
    rows.sort((a, b) => a.rowKey.localeCompare(b.rowKey));
    return rows.slice(0, query.limit).map((row) => JSON.parse(row.event) as AuditEvent);
  }
}
