import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditEvent } from './audit';
import type { CaseRecord } from './case';
import type { CaseListQuery, CaseStore, Versioned } from './ports';

type Seen = Map<string, Versioned<CaseRecord>>;

/**
 * The case store as one turn sees it: a case is read from the store once per turn, then taken from
 * what the turn read or saved. Nothing is kept across turns (several instances share the store): each
 * turn starts empty. A save on this instance is passed on to the other turns running here, so work
 * that runs on after an answer and the next turn do not trip over each other's versions; a save that
 * meets someone else's write forgets the case, so the next read fetches it again.
 */
export class TurnCases implements CaseStore {
  private readonly turn = new AsyncLocalStorage<Seen>();
  private readonly running = new Set<Seen>();

  constructor(private readonly inner: CaseStore) {}

  /** Runs one turn's work with its own, empty view of the cases. */
  async within<T>(work: () => Promise<T>): Promise<T> {
    const seen: Seen = new Map();
    this.running.add(seen);
    try {
      return await this.turn.run(seen, work);
    } finally {
      this.running.delete(seen);
    }
  }

  async get(caseId: string): Promise<Versioned<CaseRecord> | undefined> {
    const seen = this.turn.getStore();
    const known = seen?.get(caseId);
    if (known) return known;
    const read = await this.inner.get(caseId);
    if (read) seen?.set(caseId, read);
    return read;
  }

  save(record: CaseRecord, etag?: string): Promise<string> {
    return this.saveWithEvents(record, [], etag);
  }

  async saveWithEvents(record: CaseRecord, events: readonly AuditEvent[], etag?: string): Promise<string> {
    const seen = this.turn.getStore();
    try {
      const saved = await this.inner.saveWithEvents(record, events, etag);
      // As the store would give it back: JSON drops what is undefined.
      const stored = { value: JSON.parse(JSON.stringify(record)) as CaseRecord, etag: saved };
      seen?.set(record.id, stored);
      for (const other of this.running) if (other.has(record.id)) other.set(record.id, stored);
      return saved;
    } catch (error) {
      seen?.delete(record.id);
      throw error;
    }
  }

  list(query?: CaseListQuery): Promise<readonly CaseRecord[]> {
    return this.inner.list(query);
  }
}
