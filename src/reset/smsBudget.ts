import { ConflictError } from './errors';
import type { RecordStore } from './ports';

/** Events counted per time bucket: `[bucket start (ms since epoch), events in it]`, oldest first. */
export type WindowBucket = readonly [start: number, events: number];

export interface SlidingWindowState {
  /** The buckets that still overlap the window. */
  readonly buckets?: readonly WindowBucket[];
  /** Records written before buckets: one time per event. Read (as buckets), never written. */
  readonly at?: readonly number[];
}

/** The service-wide cap on codes sent per hour; `take` answers whether one more may go out. */
export interface SmsBudget {
  take(now: Date): Promise<boolean>;
}

/** A window is counted in this many buckets: an hour per minute, a day per 24 minutes. */
const BUCKETS_PER_WINDOW = 60;

/**
 * At most `limit` events per sliding `windowMs`, counted in the shared store under ETag concurrency
 * so that every instance draws from the same allowance.
 *
 * Events are counted per bucket (a sixtieth of the window), so the record stays small however many
 * events the window holds: a busy hour of SMS is sixty pairs of numbers, not one time per SMS, and
 * every take reads and writes that much. An event counts until its whole bucket has left the window,
 * up to one bucket longer than its own time would: the limit errs on the strict side, never the lax.
 */
export class SlidingWindowCounter {
  private readonly bucketMs: number;

  constructor(
    private readonly store: RecordStore<SlidingWindowState>,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {
    this.bucketMs = Math.max(1, Math.ceil(windowMs / BUCKETS_PER_WINDOW));
  }

  /** Counts one event and returns true, or returns false (and counts nothing) when the window is full. */
  async take(key: string, now: Date): Promise<boolean> {
    // Every conflict means someone else counted first; a burst larger than this is itself a reason to refuse.
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.store.get(key);
      const recent = this.recentBuckets(current?.value, now.getTime());
      if (recent.reduce((sum, [, events]) => sum + events, 0) >= this.limit) return false;
      try {
        await this.store.put(key, { buckets: this.counted(recent, now.getTime()) }, current?.etag);
        return true;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError(`the counter ${key} kept changing under us`);
  }

  /** The buckets that still overlap the window (they end after its start). */
  private recentBuckets(state: SlidingWindowState | undefined, now: number): WindowBucket[] {
    const since = now - this.windowMs;
    const buckets = state?.buckets ?? this.bucketed(state?.at ?? []);
    return buckets.filter(([start]) => start + this.bucketMs > since);
  }

  private bucketed(times: readonly number[]): WindowBucket[] {
    const counts = new Map<number, number>();
    for (const at of times) {
      const start = this.bucketStart(at);
      counts.set(start, (counts.get(start) ?? 0) + 1);
    }
    return [...counts].sort(([a], [b]) => a - b);
  }

  /** `buckets` with one more event at `now`. */
  private counted(buckets: readonly WindowBucket[], now: number): WindowBucket[] {
    const start = this.bucketStart(now);
    if (!buckets.some(([at]) => at === start)) {
      const added: WindowBucket = [start, 1];
      return [...buckets, added].sort(([a], [b]) => a - b);
    }
    return buckets.map(([at, events]): WindowBucket => [at, at === start ? events + 1 : events]);
  }

  private bucketStart(at: number): number {
    return at - (at % this.bucketMs);
  }
}

/** Shards of the hourly budget: several instances rarely write the same record at the same moment. */
export const SMS_BUDGET_SHARDS = 4;

/**
 * `SMS_HOURLY_BUDGET`: codes per hour for the whole service, against toll fraud and runaway cost.
 *
 * Every SMS of the service takes from this budget, so one record would be rewritten by every instance
 * for every code (a hot record: ETag conflicts and retries under load). The budget is split into
 * shards, each a sliding window with its own share of the limit (the shares add up to the limit); a
 * take tries the shards in random order until one has room. No shard can pass its share, so the
 * service never sends more than the limit in any window; and while the total is below the limit some
 * shard has room, so it refuses nothing the single record would have allowed. The price: a take near
 * the limit reads up to every shard, and a refusal reads all of them.
 */
export class HourlySmsBudget implements SmsBudget {
  private readonly shards: { readonly key: string; readonly counter: SlidingWindowCounter }[];

  constructor(store: RecordStore<SlidingWindowState>, perHour: number, shards = SMS_BUDGET_SHARDS) {
    const count = Math.max(1, Math.min(shards, perHour));
    this.shards = Array.from({ length: count }, (_, index) => ({
      key: `sms-budget/all/${index}`,
      counter: new SlidingWindowCounter(
        store,
        Math.floor(perHour / count) + (index < perHour % count ? 1 : 0),
        60 * 60_000,
      ),
    }));
  }

  async take(now: Date): Promise<boolean> {
    for (const shard of shuffled(this.shards)) {
      if (await shard.counter.take(shard.key, now)) return true;
    }
    return false;
  }
}

function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
