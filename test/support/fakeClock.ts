import type { Clock } from '../../src/reset/ports';

export const seconds = (n: number): number => n * 1000;
export const minutes = (n: number): number => n * 60_000;
export const hours = (n: number): number => n * 3_600_000;

/** A clock that stands still until the test moves it. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2025-03-10T08:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` (use `seconds`, `minutes`, `hours`). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a clock does not go backwards');
    this.current += ms;
  }
}
