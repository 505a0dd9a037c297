import { randomBytes } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import type { AuditEvent } from '../../reset/audit';
import type { AuditQuery, ReadableAuditLog } from '../../reset/auditTrail';
import { MemoryAuditLog } from '../memory/auditLog';
import { ensureTable, monthPartition, quote } from './tables';

interface AuditEntity {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly at: string;
  readonly caseId: string;
  readonly event: string;
}

/**
 * Append-only audit events in Table Storage. PartitionKey is the month (`yyyy-MM`) so retention and
 * time queries touch few partitions; RowKey is the time plus a random suffix, so rows sort by time.
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
    const entity: AuditEntity = {
      partitionKey: monthPartition(event.at),
      rowKey: `${event.at}_${randomBytes(6).toString('hex')}`,
      at: event.at,
      caseId: event.caseId,
      event: JSON.stringify(event),
    };
    await this.table.createEntity(entity);
    await this.recent.record(event);
  }

  list(caseId?: string): readonly AuditEvent[] {
    return this.recent.list(caseId);
  }

  async query(query: AuditQuery): Promise<readonly AuditEvent[]> {
    await this.ready();
    const filters: string[] = [];
    if (query.caseId !== undefined) filters.push(`caseId eq ${quote(query.caseId)}`);
    if (query.since !== undefined) {
      filters.push(`PartitionKey ge ${quote(monthPartition(query.since))}`, `at ge ${quote(query.since)}`);
    }
    if (query.until !== undefined) {
      filters.push(`PartitionKey le ${quote(monthPartition(query.until))}`, `at lt ${quote(query.until)}`);
    }
    const rows: AuditEntity[] = [];
    const entities = this.table.listEntities<AuditEntity>({
      queryOptions: filters.length > 0 ? { filter: filters.join(' and ') } : {},
    });
    for await (const row of entities) rows.push(row);
    // Partitions come back in key order, rows within them by time: already oldest first.
    rows.sort((a, b) => a.rowKey.localeCompare(b.rowKey));
    return rows.slice(0, query.limit).map((row) => JSON.parse(row.event) as AuditEvent);
  }
}
