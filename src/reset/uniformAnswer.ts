import { describe } from './describeError';
import type { Logger, WaitingClock } from './ports';

/**
 * Answers about someone else's account leave at a fixed moment: `answerMs` after the question came,
 * whether the slow work behind them (directory, SMS) has finished or not, which then runs on. A deadline,
 * not a minimum: a slow directory or SMS provider cannot stretch one answer and not another.
 *
 * With no time set (0) the answer waits for the work instead, as the unit tests and the demo expect.
 */
export class UniformAnswers {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly clock: WaitingClock,
    private readonly answerMs: number,
    private readonly log: Logger,
  ) {}

  async answer<T>(askedAt: Date, answer: T, caseId: string, work: () => Promise<unknown>): Promise<T> {
    const running = this.runOn(caseId, work);
    if (this.answerMs <= 0) await running;
    else await this.clock.sleepUntil(new Date(askedAt.getTime() + this.answerMs));
    return answer;
  }

  /** Resolves when all work started so far has finished (shutdown, tests). */
  async flush(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** The work reports what it can explain itself; anything else is logged here, never lost or thrown. */
  private runOn(caseId: string, work: () => Promise<unknown>): Promise<void> {
    const running: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (error: unknown) => {
          this.log.error({ caseId, err: describe(error) }, 'work after a uniform answer failed');
        },
      )
      .finally(() => this.running.delete(running));
    this.running.add(running);
    return running;
  }
}
