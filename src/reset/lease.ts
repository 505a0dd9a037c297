import { ConflictError } from './errors';
import type { Clock, RecordStore } from './ports';

export interface LeaseRecord {
  readonly holder: string;
  readonly until: string;
}

/**
 * Once-only work across instances (the notice watchers, the retention purge, alert-channel learning):
 * whoever holds the lease runs it; the holder renews it on every round, and another instance takes it
 * over only once it has lapsed, so an instance that dies passes it on. Built on the shared store's
 * ETags, so two instances cannot both take the same lapsed lease.
 */
export class Lease {
  constructor(
    private readonly store: RecordStore<LeaseRecord>,
    private readonly name: string,
    private readonly holder: string,
    private readonly clock: Clock,
  ) {}

  /** Takes or renews the lease for `ttlMs`; false when another instance holds it. */
  async acquire(ttlMs: number): Promise<boolean> {
    const now = this.clock.now();
    const current = await this.store.get(this.name);
    if (current && current.value.holder !== this.holder && Date.parse(current.value.until) > now.getTime())
      return false;
    const next = { holder: this.holder, until: new Date(now.getTime() + ttlMs).toISOString() };
    try {
      await this.store.put(this.name, next, current?.etag);
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  /** Gives the lease up at once (when this holder still has it), so the next taker need not wait for it to lapse. */
  async release(): Promise<void> {
    const current = await this.store.get(this.name);
    if (!current || current.value.holder !== this.holder) return;
    try {
      await this.store.put(this.name, { holder: '', until: new Date(0).toISOString() }, current.etag);
    } catch (error) {
      // Taken over meanwhile (it had lapsed): nothing of ours to give up.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
}
