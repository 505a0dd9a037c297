import type { Logger } from '../reset/ports';

export const PURGE_INTERVAL_MS = 60 * 60_000;

/** A running retention job; `stop()` ends it. */
export interface PurgeSchedule {
  stop(): void;
}

/**
 * Runs a retention purge now and then every `PURGE_INTERVAL_MS`, logging what went; a failed run is
 * logged and the next one tries again. The timer never keeps the process alive.
 */
export function schedulePurge(
  purge: (now: Date) => unknown,
  clock: () => Date,
  logger: Logger,
  retention: object,
): PurgeSchedule {
  const log = logger.child({ module: 'retention' });
  const run = () =>
    Promise.resolve()
      .then(() => purge(clock()))
      .then(
        (purged) => log.info({ purged, retention }, 'retention purge done'),
        (error: unknown) => log.error({ err: error }, 'retention purge failed'),
      );
  void run();
  const timer = setInterval(() => void run(), PURGE_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
