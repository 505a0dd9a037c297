import type { TelemetryConfig } from '../config';
import type { Logger } from '../reset/ports';
import type { Telemetry } from './telemetry';

export type { Dependency, Telemetry } from './telemetry';

/*
 * Telemetry as decorators of the ports, wired in the composition root. This file loads nothing of
 * OpenTelemetry: without APPLICATIONINSIGHTS_CONNECTION_STRING the app runs on `noTelemetry`, and the
 * SDK (and its patching of Node's modules) is never required.
 */

/** Telemetry off: every decorator hands back what it was given. */
export const noTelemetry: Telemetry = {
  directory: (directory) => directory,
  sms: (sender) => sender,
  cases: (store) => store,
  audit: (log) => log,
  records: (_prefix, store) => store,
  storage: (storage) => storage,
  connector: (policy) => policy,
  shutdown: () => Promise.resolve(),
};

/** Azure Monitor when configured (loaded only then), otherwise `noTelemetry`. */
export async function startTelemetry(
  config: TelemetryConfig | undefined,
  logger: Logger,
): Promise<Telemetry> {
  if (config === undefined) return noTelemetry;
  return (await import('./azureMonitor')).startAzureMonitor(config, logger);
}
