import type { TableClient } from '@azure/data-tables';
import type { CaseRecord } from '../reset/case';
import { ConflictError } from '../reset/errors';
import type { CaseStore, Versioned } from '../reset/ports';
import { ensureTable, hasStatus, monthPartition, quote } from './azureTables';

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

  async list(query: { limit?: number } = {}): Promise<readonly CaseRecord[]> {
    await this.ready();
    const rows: { createdAt: string; record: string }[] = [];
    const entities = this.table.listEntities<CaseEntity>({
      queryOptions: { select: ['createdAt', 'record'] },
    });
    for await (const row of entities) rows.push({ createdAt: row.createdAt, record: row.record });
    rows.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return rows.slice(0, query.limit).map((row) => JSON.parse(row.record) as CaseRecord);
  }
}
