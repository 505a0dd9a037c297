import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * When the turn in progress began, for whatever it calls: the connector sender keeps its retries and
 * pacing inside the turn's budget, so Teams (which waits 15 s) always gets its answer in time.
 */
const turnStart = new AsyncLocalStorage<number>();

export function runTurn<T>(startedAt: number, turn: () => Promise<T>): Promise<T> {
  return turnStart.run(startedAt, turn);
}

/** The start of the turn this code runs in, if it runs in one (proactive messages do not). */
export function currentTurnStart(): number | undefined {
  return turnStart.getStore();
}
