import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { AuditEvent } from '../../reset/audit';
import type { CaseRecord } from '../../reset/case';
import { ConflictError } from '../../reset/errors';
import type { CaseListQuery, CaseStore, Versioned } from '../../reset/ports';
import { DEFAULT_CASE_LIMIT, matchesCaseQuery, newestFirst } from '../caseFilter';
import { auditEntity, type AzureAuditLog } from './auditLog';
import { ensureTable, hasStatus, quote, tableKey } from './tables';

type CaseEntity = {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly createdAt: string;
  readonly record: string;
};

/** The RowKey of the case itself in its partition; its audit events sit beside it (`auditEntity`). */
const CASE_ROW = 'case';

/**
 * One partition per case: PartitionKey is the case id, the case is the row `case`, its audit events the
 * rows after it. So a turn reads its case with one point read, and a change is saved with its audit
 * events in one batch (a batch must stay in one partition of one table). Creation fails with 409 if the
 * case exists and updates carry the ETag, so two instances cannot overwrite each other's case.
 */
export class AzureCaseStore implements CaseStore {
  private readonly ready: () => Promise<void>;

  /** `audit`: the log on the same table, told of the events saved here (its `list()` is local). */
  constructor(
    private readonly table: TableClient,
    private readonly audit?: AzureAuditLog,
  ) {
    this.ready = ensureTable(table);
  }

  async get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    await this.ready();
    try {
      const row = await this.table.getEntity<CaseEntity>(tableKey(caseId), CASE_ROW);
      if (row.etag === undefined) return undefined;
      return { value: JSON.parse(row.record) as CaseRecord, etag: row.etag };
    } catch (error) {
      if (hasStatus(error, 404)) return undefined;
      throw error;
    }
  }

  save(record: CaseRecord, etag?: string): Promise<string> {
    return this.saveWithEvents(record, [], etag);
  }

  async saveWithEvents(record: CaseRecord, events: readonly AuditEvent[], etag?: string): Promise<string> {
    await this.ready();
    const entity: CaseEntity = {
      partitionKey: tableKey(record.id),
      rowKey: CASE_ROW,
      createdAt: record.createdAt,
      record: JSON.stringify(record),
    };
    const write: TransactionAction =
      etag === undefined ? ['create', entity] : ['update', entity, 'Replace', { etag }];
    const appends = events.map((event): TransactionAction => {
      if (event.caseId !== record.id)
        throw new Error(`audit event of ${event.caseId} saved with ${record.id}`);
      return ['create', auditEntity(event)];
    });
    try {
      const response = await this.table.submitTransaction([write, ...appends]);
      // Sub-responses come in the batch's order; an update's names no RowKey, so it is found by place.
      const saved = response.subResponses[0]?.etag;
      if (saved === undefined) throw new Error('Table Storage returned no ETag');
      this.audit?.written(events);
      return saved;
    } catch (error) {
      if (hasStatus(error, 409)) throw new ConflictError(`case ${record.id} already exists`);
      if (hasStatus(error, 412, 404)) throw new ConflictError(`case ${record.id} changed since it was read`);
      throw error;
    }
  }

  /**
   * Table Storage cannot sort and the partitions are cases, so the case rows are scanned with the time
   * range as a filter (the service desk's list, not a turn) and sorted here.
   */
  async list(query: CaseListQuery = {}): Promise<readonly CaseRecord[]> {
    await this.ready();
    const conditions = [`RowKey eq ${quote(CASE_ROW)}`];
    if (query.since !== undefined) conditions.push(`createdAt ge ${quote(query.since)}`);
    if (query.until !== undefined) conditions.push(`createdAt lt ${quote(query.until)}`);
    const entities = this.table.listEntities<CaseEntity>({
      queryOptions: { select: ['record'], filter: conditions.join(' and ') },
    });
    const found: CaseRecord[] = [];
    for await (const row of entities) {
      const record = JSON.parse(row.record) as CaseRecord;
      if (matchesCaseQuery(record, query)) found.push(record);
    }
    return found.sort(newestFirst).slice(0, query.limit ?? DEFAULT_CASE_LIMIT);
  }
}
