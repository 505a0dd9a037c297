import { randomUUID } from 'node:crypto';
import type { AuditEvent } from '../../reset/audit';
import type { CaseRecord } from '../../reset/case';
import { ConflictError } from '../../reset/errors';
import type { CaseListQuery, CaseStore, Versioned } from '../../reset/ports';
import { DEFAULT_CASE_LIMIT, matchesCaseQuery } from '../caseFilter';
import { appendAuditEvent } from './auditLog';
import type { SqliteDatabase } from './database';

/** Cases as JSON rows; the columns beside the JSON exist only for the service desk's filters and retention. */
export class SqliteCaseStore implements CaseStore {
  private readonly select;
  private readonly insert;
  private readonly update;
  private readonly newest;
  private readonly writeWithEvents;

  constructor(db: SqliteDatabase) {
    const append = appendAuditEvent(db);
    // One transaction: a conflict (thrown by `write`) or a failed insert rolls back both.
    this.writeWithEvents = db.transaction(
      (record: CaseRecord, events: readonly AuditEvent[], etag: string | undefined): string => {
        const saved = this.write(record, etag);
        for (const event of events) append(event);
        return saved;
      },
    );
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
    this.newest = db.prepare<
      {
        since: string | null;
        until: string | null;
        outcome: string | null;
        open: number;
        account: string | null;
        text: string | null;
      },
      { record: string }
    >(
      `SELECT record FROM cases
       WHERE (@since IS NULL OR created_at >= @since) AND (@until IS NULL OR created_at < @until)
         AND (@outcome IS NULL OR outcome = @outcome) AND (@open = 0 OR outcome IS NULL)
         AND (@account IS NULL OR record LIKE @account ESCAPE '\\')
         AND (@text IS NULL OR record LIKE @text ESCAPE '\\')
       ORDER BY created_at DESC, id`,
    );
  }

  get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    const row = this.select.get(caseId);
    return Promise.resolve(row ? { value: JSON.parse(row.record) as CaseRecord, etag: row.etag } : undefined);
  }

  save(record: CaseRecord, etag?: string): Promise<string> {
    return this.saveWithEvents(record, [], etag);
  }

  saveWithEvents(record: CaseRecord, events: readonly AuditEvent[], etag?: string): Promise<string> {
    try {
      return Promise.resolve(this.writeWithEvents.immediate(record, events, etag));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Throws `ConflictError` when the case exists (create) or changed since it was read (update). */
  private write(record: CaseRecord, etag: string | undefined): string {
    const row = {
      id: record.id,
      etag: randomUUID(),
      createdAt: record.createdAt,
      outcome: record.outcome ?? null,
      account: record.account?.username ?? record.requestedUsername ?? null,
      record: JSON.stringify(record),
    };
    if (etag === undefined) {
      if (this.insert.run(row).changes === 0) throw new ConflictError(`case ${record.id} already exists`);
    } else if (this.update.run({ ...row, expected: etag }).changes === 0) {
      throw new ConflictError(`case ${record.id} changed since it was read`);
    }
    return row.etag;
  }

  /** Time and outcome are narrowed by the indexes; the text parts row by row until the page is full. */
  list(query: CaseListQuery = {}): Promise<readonly CaseRecord[]> {
    const limit = query.limit ?? DEFAULT_CASE_LIMIT;
    const found: CaseRecord[] = [];
    const rows = this.newest.iterate({
      since: query.since ?? null,
      until: query.until ?? null,
      outcome: query.outcome !== undefined && query.outcome !== 'open' ? query.outcome : null,
      open: query.outcome === 'open' ? 1 : 0,
      account: rawTextPattern(query.account),
      text: rawTextPattern(query.text),
    });
    for (const row of rows) {
      if (found.length >= limit) break;
      const record = JSON.parse(row.record) as CaseRecord;
      if (matchesCaseQuery(record, query)) found.push(record);
    }
    return Promise.resolve(found);
  }
}

/**
 * A LIKE pattern that finds the needle anywhere in the stored JSON, so rows that cannot match are
 * skipped without being parsed. SQLite's LIKE ignores case for ASCII only, and JSON escapes quotes and
 * backslashes, so other needles are left to the row-by-row filter alone (the pattern is a pre-filter:
 * it may let through rows that do not match, never hold back one that does).
 */
function rawTextPattern(needle: string | undefined): string | null {
  const trimmed = needle?.trim();
  if (!trimmed || !/^[\x20-\x7e]+$/.test(trimmed) || /["\\]/.test(trimmed)) return null;
  return `%${trimmed.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
}
