import { randomUUID } from 'node:crypto';
import type { CaseRecord } from '../reset/case';
import { ConflictError } from '../reset/errors';
import type { CaseStore, Versioned } from '../reset/ports';
import type { SqliteDatabase } from './sqliteDatabase';

/** Cases as JSON rows; the columns beside the JSON exist only for the service desk's filters and retention. */
export class SqliteCaseStore implements CaseStore {
  private readonly select;
  private readonly insert;
  private readonly update;
  private readonly newest;

  constructor(db: SqliteDatabase) {
    this.select = db.prepare<[string], { etag: string; record: string }>(
      'SELECT etag, record FROM cases WHERE id = ?',
    );
    this.insert = db.prepare(
      `INSERT INTO cases (id, etag, created_at, outcome, account, record)
       VALUES (@id, @etag, @createdAt, @outcome, @account, @record) ON CONFLICT (id) DO NOTHING`,
    );
    this.update = db.prepare(
      `UPDATE cases SET etag = @etag, outcome = @outcome, account = @account, record = @record
       WHERE id = @id AND etag = @expected`,
    );
    this.newest = db.prepare<[number], { record: string }>(
      'SELECT record FROM cases ORDER BY created_at DESC, id LIMIT ?',
    );
  }

  get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    const row = this.select.get(caseId);
    return Promise.resolve(row ? { value: JSON.parse(row.record) as CaseRecord, etag: row.etag } : undefined);
  }

  save(record: CaseRecord, etag?: string): Promise<string> {
    const row = {
      id: record.id,
      etag: randomUUID(),
      createdAt: record.createdAt,
      outcome: record.outcome ?? null,
      account: record.account?.username ?? record.requestedUsername ?? null,
      record: JSON.stringify(record),
    };
    if (etag === undefined) {
      if (this.insert.run(row).changes === 0) {
        return Promise.reject(new ConflictError(`case ${record.id} already exists`));
      }
    } else if (this.update.run({ ...row, expected: etag }).changes === 0) {
      return Promise.reject(new ConflictError(`case ${record.id} changed since it was read`));
    }
    return Promise.resolve(row.etag);
  }

  list(query: { limit?: number } = {}): Promise<readonly CaseRecord[]> {
    const rows = this.newest.all(query.limit ?? 100);
    return Promise.resolve(rows.map((row) => JSON.parse(row.record) as CaseRecord));
  }
}
