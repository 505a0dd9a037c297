import type { AuditEvent } from '../../reset/audit';
import type { CaseRecord } from '../../reset/case';
import { ConflictError } from '../../reset/errors';
import type { CaseListQuery, CaseStore, Versioned } from '../../reset/ports';
import { DEFAULT_CASE_LIMIT, matchesCaseQuery, newestFirst } from '../caseFilter';
import { MemoryAuditLog } from './auditLog';

/** Cases in process memory, with the same ETag rules as the persistent stores. Lost on restart. */
export class MemoryCaseStore implements CaseStore {
  private readonly records = new Map<string, { json: string; etag: number }>();
  private nextEtag = 1;

  /** `audit`: where `saveWithEvents` appends (the backend's own log). */
  constructor(private readonly audit: MemoryAuditLog = new MemoryAuditLog()) {}

  get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    const stored = this.records.get(caseId);
    if (!stored) return Promise.resolve(undefined);
    return Promise.resolve({ value: JSON.parse(stored.json) as CaseRecord, etag: String(stored.etag) });
  }

  save(record: CaseRecord, etag?: string): Promise<string> {
    return this.saveWithEvents(record, [], etag);
  }

  /** Checked and written without an await in between: nothing else runs until both are done. */
  saveWithEvents(record: CaseRecord, events: readonly AuditEvent[], etag?: string): Promise<string> {
    const stored = this.records.get(record.id);
    if (etag === undefined && stored) {
      return Promise.reject(new ConflictError(`case ${record.id} already exists`));
    }
    if (etag !== undefined && String(stored?.etag) !== etag) {
      return Promise.reject(new ConflictError(`case ${record.id} changed since it was read`));
    }
    const next = this.nextEtag++;
    this.records.set(record.id, { json: JSON.stringify(record), etag: next });
    for (const event of events) this.audit.append(event);
    return Promise.resolve(String(next));
  }

  list(query: CaseListQuery = {}): Promise<readonly CaseRecord[]> {
    const all = [...this.records.values()]
      .map((stored) => JSON.parse(stored.json) as CaseRecord)
      .filter((record) => matchesCaseQuery(record, query));
    all.sort(newestFirst);
    return Promise.resolve(all.slice(0, query.limit ?? DEFAULT_CASE_LIMIT));
  }
}
