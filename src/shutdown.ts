import type { Logger } from './reset/ports';

/** A request that never finishes must not keep the process alive forever. */
const FORCED_EXIT_MS = 10_000;

/**
 * Stops cleanly on SIGTERM (App Service, systemd) and SIGINT (Ctrl+C): `stop` closes the server and the
 * stores; the process exits 0 when it is done, 1 when it takes longer than ten seconds. A second signal
 * while stopping is ignored.
 */
export function stopOnSignals(stop: () => Promise<unknown>, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void stop().then(() => process.exit(0));
    setTimeout(() => process.exit(1), FORCED_EXIT_MS).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}
