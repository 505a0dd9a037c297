import { describe } from '../describeError';
import type { Logger } from '../ports';

/** Runs a round now and then every `intervalMs` after the last one ended, until `stop()`; a failure is logged. */
export class Rounds {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly what: string,
  ) {}

  start(): void {
    this.stopped = false;
    const next = () => {
      if (this.stopped) return;
      this.round = this.work()
        .then(
          () => undefined,
          (error: unknown) => this.log.warn({ err: describe(error) }, `${this.what} failed`),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(next, this.intervalMs);
        });
    };
    next();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }
}
