import { shutdownAzureMonitor, useAzureMonitor } from '@azure/monitor-opentelemetry';
import { metrics, trace } from '@opentelemetry/api';
import type { TelemetryConfig } from '../config';
import type { Logger } from '../reset/ports';
import type { Telemetry } from './telemetry';
import { createInstruments } from './instruments';
import { tracedAudit, tracedCases, tracedDirectory, tracedRecords, tracedSms, tracedStorage } from './ports';
import { tracedConnector, turnMiddleware } from './turns';

const NAME = 'reset-assistant';

/**
 * The Azure Monitor distro with every automatic instrumentation off: the HTTP one records URLs (Graph's
 * hold user ids and UPNs, the service desk's sign-in callback a one-time code) and would make a request
 * of every probe; the Azure SDK one records Storage URLs (conversation ids in blob names); the log ones
 * would copy log lines. Live Metrics is off too (it streams request details to the portal). What is
 * sent is only what the decorators in this folder choose, plus the distro's standard metrics and
 * process counters (CPU, memory).
 */
export function startAzureMonitor(config: TelemetryConfig, logger: Logger): Telemetry {
  const off = { enabled: false };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString: config.connectionString },
    enableLiveMetrics: false,
    // Every turn's trace, not the distro's default of 5 traces a second: a turn is rare and small.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      console: off,
      bunyan: off,
      winston: off,
    },
  });
  logger.child({ module: 'telemetry' }).info({}, 'telemetry to Azure Monitor is on');
  const i = createInstruments(trace.getTracer(NAME), metrics.getMeter(NAME));
  let stopped: Promise<void> | undefined;
  return {
    turns: turnMiddleware(i),
    directory: (directory) => tracedDirectory(i, directory),
    sms: (sender) => tracedSms(i, sender),
    cases: (store) => tracedCases(i, store),
    audit: (log) => tracedAudit(i, log),
    records: (prefix, store) => tracedRecords(i, prefix, store),
    storage: (storage) => tracedStorage(i, storage),
    connector: (policy) => tracedConnector(i, policy),
    shutdown: () => (stopped ??= shutdownAzureMonitor()),
  };
}
