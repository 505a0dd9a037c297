import { ConflictError } from './errors';
import type { RecordStore } from './ports';

export interface SlidingWindowState {
  /** Times (ms since epoch) of the events still inside the window. */
  readonly at: readonly number[];
}

/** The service-wide cap on codes sent per hour; `take` answers whether one more may go out. */
export interface SmsBudget {
  take(now: Date): Promise<boolean>;
}

/**
 * At most `limit` events per sliding `windowMs`, counted in the shared store under ETag concurrency
 * so that every instance draws from the same allowance.
 */
export class SlidingWindowCounter {
  constructor(
    private readonly store: RecordStore<SlidingWindowState>,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event and returns true, or returns false (and counts nothing) when the window is full. */
  async take(key: string, now: Date): Promise<boolean> {
    // Every conflict means someone else counted first; a burst larger than this is itself a reason to refuse.
    for (let attempt = 0; attempt < 20; attempt++) {
      const current = await this.store.get(key);
      const since = now.getTime() - this.windowMs;
      const recent = (current?.value.at ?? []).filter((at) => at > since);
      if (recent.length >= this.limit) return false;
      try {
        await this.store.put(key, { at: [...recent, now.getTime()] }, current?.etag);
        return true;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError(`the counter ${key} kept changing under us`);
  }
}

/** `SMS_HOURLY_BUDGET`: codes per hour for the whole service, against toll fraud and runaway cost. */
export class HourlySmsBudget implements SmsBudget {
  private readonly counter: SlidingWindowCounter;

  constructor(store: RecordStore<SlidingWindowState>, perHour: number) {
    this.counter = new SlidingWindowCounter(store, perHour, 60 * 60_000);
  }

  take(now: Date): Promise<boolean> {
    return this.counter.take('sms-budget/all', now);
  }
}
