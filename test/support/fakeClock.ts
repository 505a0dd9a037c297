import type { WaitingClock } from '../../src/reset/ports';

export const seconds = (n: number): number => n * 1000;
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;

/** Real macrotask turns that let promise chains (memory stores, awaits) run between two clock moves. */
async function letPendingWorkRun(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * A clock that stands still until the test moves it. Waits (`sleepUntil`) end only when the test
 * moves time past them: `advance` by hand, or `timed`/`runFor`, which jump from one wait to the next.
 */
export class FakeClock implements WaitingClock {
  private current: number;
  private waiters: { at: number; wake: () => void }[] = [];

  constructor(start: Date | string = '2025-03-10T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleepUntil(at: Date): Promise<void> {
    if (at.getTime() <= this.current) return Promise.resolve();
    return new Promise((wake) => this.waiters.push({ at: at.getTime(), wake }));
  }

  /** Waits `ms` on this clock (for test doubles that play a slow directory or SMS provider). */
  sleep(ms: number): Promise<void> {
    return this.sleepUntil(new Date(this.current + ms));
  }

  /** Moves time forward by `ms` (use `seconds`, `minutes`, `hours`); ends the waits it passes. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock does not go backwards');
    this.current += ms;
    this.wakeDue();
  }

  /**
   * Lets `work` run to its end, moving time from one wait to the next as it goes, and says how much
   * clock time it took. Fails when nothing is left to wait for and `work` still has not settled.
   */
  async timed<T>(work: Promise<T>, limitMs = hours(1)): Promise<{ value: T; elapsedMs: number }> {
    const start = this.current;
    let outcome: { value: T } | { error: unknown } | undefined;
    work.then(
      (value) => (outcome = { value }),
      (error: unknown) => (outcome = { error }),
    );
    for (let idle = 0; ;) {
      await letPendingWorkRun();
      if (outcome) break;
      const next = this.nextWait();
      if (next === undefined) {
        // Something waits on real time (a real timer, real I/O): give it a moment before giving up.
        if (++idle > 500) throw new Error('the work waits for nothing this clock controls and never ends');
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      if (next - start > limitMs) throw new Error(`the work took more than ${limitMs} ms of clock time`);
      this.current = Math.max(this.current, next);
      this.wakeDue();
    }
    if ('error' in outcome) throw outcome.error;
    return { value: outcome.value, elapsedMs: this.current - start };
  }

  /** Lets `ms` of clock time pass, ending each wait at its own moment. */
  async runFor(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await letPendingWorkRun();
      const next = this.nextWait();
      if (next === undefined || next > until) break;
      this.current = Math.max(this.current, next);
      this.wakeDue();
    }
    this.current = until;
    this.wakeDue();
    await letPendingWorkRun();
  }

  private nextWait(): number | undefined {
    return this.waiters.reduce<number | undefined>(
      (soonest, { at }) => Math.min(soonest ?? at, at),
      undefined,
    );
  }

  private wakeDue(): void {
    const due = this.waiters.filter(({ at }) => at <= this.current).sort((a, b) => a.at - b.at);
    this.waiters = this.waiters.filter(({ at }) => at > this.current);
    for (const { wake } of due) wake();
  }
}
