import type { TableClient } from '@azure/data-tables';
import type { CaseRecord } from '../../reset/case';
import { ConflictError } from '../../reset/errors';
import type { CaseListQuery, CaseStore, Versioned } from '../../reset/ports';
import { DEFAULT_CASE_LIMIT, matchesCaseQuery, newestFirst } from '../caseFilter';
import { ensureTable, hasStatus, monthPartition, quote } from './tables';

interface CaseEntity {
  readonly partitionKey: string;
  readonly rowKey: string;
  readonly createdAt: string;
  readonly record: string;
}

/**
 * One Table entity per case: PartitionKey is the creation month (`yyyy-MM`, for retention), RowKey the
 * case id. Creation fails with 409 if the case exists and updates carry the ETag, so two instances
 * cannot overwrite each other's case.
 */
export class AzureCaseStore implements CaseStore {
  private readonly ready: () => Promise<void>;

  constructor(private readonly table: TableClient) {
    this.ready = ensureTable(table);
  }

  async get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    await this.ready();
    // The id alone does not name the partition; ids are unique, so a RowKey filter finds at most one.
    const rows = this.table.listEntities<CaseEntity>({
      queryOptions: { filter: `RowKey eq ${quote(caseId)}` },
    });
    for await (const row of rows) {
      if (row.etag === undefined) continue;
      return { value: JSON.parse(row.record) as CaseRecord, etag: row.etag };
    }
    return undefined;
  }

  async save(record: CaseRecord, etag?: string): Promise<string> {
    await this.ready();
    const entity: CaseEntity = {
      partitionKey: monthPartition(record.createdAt),
      rowKey: record.id,
      createdAt: record.createdAt,
      record: JSON.stringify(record),
    };
    try {
      const response =
        etag === undefined
          ? await this.table.createEntity(entity)
          : await this.table.updateEntity(entity, 'Replace', { etag });
      if (response.etag === undefined) throw new Error('Table Storage returned no ETag');
      return response.etag;
    } catch (error) {
      if (hasStatus(error, 409)) throw new ConflictError(`case ${record.id} already exists`);
      if (hasStatus(error, 412, 404)) throw new ConflictError(`case ${record.id} changed since it was read`);
      throw error;
    }
  }

  /**
   * Table Storage cannot sort, so the time range is narrowed on the server (by month partition and
   * creation time) and the rest is filtered and sorted here.
   */
  async list(query: CaseListQuery = {}): Promise<readonly CaseRecord[]> {
    await this.ready();
    const conditions: string[] = [];
    if (query.since !== undefined) {
      conditions.push(`PartitionKey ge ${quote(monthPartition(query.since))}`);
      conditions.push(`createdAt ge ${quote(query.since)}`);
    }
    if (query.until !== undefined) {
      conditions.push(`PartitionKey le ${quote(monthPartition(query.until))}`);
      conditions.push(`createdAt lt ${quote(query.until)}`);
    }
    const entities = this.table.listEntities<CaseEntity>({
      queryOptions: {
        select: ['record'],
        ...(conditions.length > 0 ? { filter: conditions.join(' and ') } : {}),
      },
    });
    const found: CaseRecord[] = [];
    for await (const row of entities) {
      const record = JSON.parse(row.record) as CaseRecord;
      if (matchesCaseQuery(record, query)) found.push(record);
    }
    return found.sort(newestFirst).slice(0, query.limit ?? DEFAULT_CASE_LIMIT);
  }
}
