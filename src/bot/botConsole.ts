import { AsyncLocalStorage } from 'node:async_hooks';
import { errorText } from '../lib/errorText';

/**
 * botbuilder writes to the console when it refuses a request: botframework-connector's
 * `JwtTokenExtractor` prints a `TokenExpiredError` whole, or "Error finding key for token. Available
 * keys: <the signing key>" (auth/jwtTokenExtractor.js), and `CloudAdapter.process` prints every error
 * it answers, stack included (cloudAdapter.js). There is no option for either. So while botbuilder
 * works on a request, what it writes to the console is collected instead (one AsyncLocalStorage scope
 * a request, so concurrent requests do not mix) and handed back as short lines for one log line:
 * error names and messages, no stacks, no key, nothing shaped like a token.
 */

const METHODS = ['error', 'warn', 'log', 'info', 'debug'] as const;
const WRAPPED = Symbol('reset-assistant.botConsole');

type ConsoleMethod = (...args: unknown[]) => void;

const scope = new AsyncLocalStorage<string[]>();

/** Runs `run` with botbuilder's console output collected; `report` gets it (when there was any). */
export async function withBotbuilderConsole<T>(
  run: () => Promise<T>,
  report: (lines: readonly string[]) => void,
): Promise<T> {
  installConsoleWrappers();
  const lines: string[] = [];
  try {
    return await scope.run(lines, run);
  } finally {
    if (lines.length > 0) report([...new Set(lines)]);
  }
}

/**
 * Wraps the console's methods once; outside a scope they write as before. A method replaced since
 * (a test's stub) is wrapped again, so the scope still catches what botbuilder writes.
 */
function installConsoleWrappers(): void {
  for (const name of METHODS) {
    // Called with `console` as `this` below, as the console's own methods expect.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const current = console[name] as ConsoleMethod & { [WRAPPED]?: true };
    if (current[WRAPPED]) continue;
    const wrapped = Object.assign(
      (...args: unknown[]) => {
        const lines = scope.getStore();
        if (lines) lines.push(describe(args));
        else current.apply(console, args);
      },
      { [WRAPPED]: true as const },
    );
    console[name] = wrapped;
  }
}

const JWT = /[\w-]{8,}\.[\w-]{8,}\.[\w-]*/g;

/** One console call as a short line: error names and messages only. */
export function describe(args: readonly unknown[]): string {
  const text = args.map((arg) => (arg instanceof Error ? errorLine(arg) : String(arg))).join(' ');
  const withoutKeys = text.replace(/Available keys:[\s\S]*/, 'Available keys: [omitted]');
  return withoutKeys.replace(JWT, '[token]').replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** An error as errorText tells it, tokens masked first: errorText shortens the line and could cut one. */
function errorLine(error: Error): string {
  const code: unknown = (error as { code?: unknown }).code;
  const masked = Object.assign(new Error(error.message.replace(JWT, '[token]')), { name: error.name, code });
  return errorText(masked);
}
