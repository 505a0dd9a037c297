import { z } from 'zod';
import { optionalText, problem } from './fields';

export const telemetrySettings = z.object({
  APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText.describe(
    'Application Insights connection string (`InstrumentationKey=…;IngestionEndpoint=https://…`): when set, a trace per turn (directory, SMS, storage and connector calls as dependencies) and metrics (cases by outcome, SMS sent, turn latency, throttled and failed calls) go to Azure Monitor through OpenTelemetry. Unset: no telemetry, and nothing of OpenTelemetry is loaded. No secret, code, password, phone number or username is sent.',
  ),
});

/** What `startTelemetry` (src/telemetry) needs; absent from `Config` when telemetry is off. */
export interface TelemetryConfig {
  readonly connectionString: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Key=value;…` pairs of a connection string, keys lower-cased. */
function fieldsOf(connectionString: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of connectionString.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  return fields;
}

/**
 * The ingestion endpoint must be HTTPS (the exporter would quietly turn http:// into https://); the
 * problems never repeat the string, which holds the instrumentation key.
 */
export const telemetryConfig = () =>
  telemetrySettings
    .superRefine((settings, context) => {
      const value = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
      if (value === undefined) return;
      const fields = fieldsOf(value);
      const key = 'APPLICATIONINSIGHTS_CONNECTION_STRING';
      if (!GUID.test(fields.get('instrumentationkey') ?? ''))
        problem(
          context,
          key,
          'needs InstrumentationKey=<a GUID> (copy it from the Application Insights resource)',
        );
      const endpoint = fields.get('ingestionendpoint');
      if (endpoint === undefined) return;
      const url = URL.canParse(endpoint) ? new URL(endpoint) : undefined;
      if (url?.protocol !== 'https:') problem(context, key, 'IngestionEndpoint must be an https:// URL');
    })
    .transform((settings): { telemetry?: TelemetryConfig } => {
      const connectionString = settings.APPLICATIONINSIGHTS_CONNECTION_STRING;
      return connectionString !== undefined ? { telemetry: { connectionString } } : {};
    });
