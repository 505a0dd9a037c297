import { ConflictError, ResetError } from './errors';

/** An error as a log-safe string: type, code and message, never the request that caused it. */
export function describe(error: unknown): string {
  if (error instanceof ResetError) return `${error.name}(${error.code}): ${error.message}`;
  if (error instanceof ConflictError) return `conflict: ${error.message}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
