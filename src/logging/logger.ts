import pino from 'pino';
import type { Logger } from '../reset/ports';

/**
 * Paths that must never reach a log line, whatever a caller passes by mistake. Codes and passwords
 * are not logged on purpose; this is the net under that rule.
 */
export const redactedPaths = [
  'password',
  'newPassword',
  'repeatPassword',
  'code',
  'text',
  'message',
  'value',
  'authorization',
  'token',
  '*.password',
  '*.newPassword',
  '*.repeatPassword',
  '*.code',
  '*.text',
  '*.value',
  '*.authorization',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
];

export interface LoggerOptions {
  readonly level: string;
  /** Where lines go; stdout when omitted. Tests pass a stream to search every line. */
  readonly destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger & pino.Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'reset-assistant' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination ?? pino.destination(1),
  );
}
