import type { Lease } from '../reset/lease';
import type { Logger } from '../reset/ports';

export const PURGE_INTERVAL_MS = 60 * 60_000;

/** A running retention job; `stop()` ends it and gives up its lease, so another instance purges next. */
export interface PurgeSchedule {
  stop(): Promise<void>;
}

/**
 * Runs a retention purge now and then every `PURGE_INTERVAL_MS`, logging what went; a failed run is
 * logged and the next one tries again. The timer never keeps the process alive.
 *
 * With a `lease`, only its holder purges: several instances on one store purge once an hour between
 * them, and when the holder dies another takes over once the lease lapses (two intervals).
 */
export function schedulePurge(
  purge: (now: Date) => unknown,
  clock: () => Date,
  logger: Logger,
  retention: object,
  lease?: Lease,
): PurgeSchedule {
  const log = logger.child({ module: 'retention' });
  const run = () =>
    Promise.resolve()
      .then(async () => (lease && !(await lease.acquire(2 * PURGE_INTERVAL_MS)) ? undefined : purge(clock())))
      .then(
        (purged) =>
          purged === undefined
            ? log.debug({}, 'retention purge left to the instance holding its lease')
            : log.info({ purged, retention }, 'retention purge done'),
        (error: unknown) => log.error({ err: error }, 'retention purge failed'),
      );
  void run();
  const timer = setInterval(() => void run(), PURGE_INTERVAL_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await lease
        ?.release()
        .catch((error: unknown) => log.warn({ err: error }, 'could not release the retention lease'));
    },
  };
}
