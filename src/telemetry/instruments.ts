import {
  context as otelContext,
  createContextKey,
  INVALID_SPAN_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { Dependency } from './telemetry';

/*
 * The tracer, the meters, and the one way a dependency call is traced. Attributes are chosen, never
 * copied from a message: no username, UPN, object id, phone number, code, password, token, URL or
 * error text (an error's text may name the account); the case id stands for the person.
 */

/** The turn's span, so a decorator deep in the turn can tag it with the case id. */
export const TURN_SPAN = createContextKey('reset-assistant.turn');

/** The refusals that are answers, not failures: a lost ETag race, a password the directory refused. */
const EXPECTED_ERRORS = new Set(['ConflictError', 'PasswordRejectedError', 'AccountNotWritableError']);

export interface Instruments {
  readonly tracer: Tracer;
  /** `reset.cases`: cases closed, by `reset.outcome`. */
  readonly cases: Counter;
  /** `reset.sms.sent`: messages the provider accepted. */
  readonly smsSent: Counter;
  /** `reset.turn.duration` (ms), by `reset.activity.type`. */
  readonly turnDuration: Histogram;
  /** `reset.calls.throttled`: answers 429, by dependency. */
  readonly throttled: Counter;
  /** `reset.calls.failed`: dependency calls that failed, by dependency and operation. */
  readonly failed: Counter;
}

export function createInstruments(tracer: Tracer, meter: Meter): Instruments {
  return {
    tracer,
    cases: meter.createCounter('reset.cases', { description: 'Cases closed, by outcome' }),
    smsSent: meter.createCounter('reset.sms.sent', { description: 'SMS accepted by the provider' }),
    turnDuration: meter.createHistogram('reset.turn.duration', {
      description: 'Time to handle one turn',
      unit: 'ms',
    }),
    throttled: meter.createCounter('reset.calls.throttled', {
      description: 'Dependency calls throttled (429)',
    }),
    failed: meter.createCounter('reset.calls.failed', { description: 'Dependency calls that failed' }),
  };
}

/** Tags the current turn's span (when there is one) and `span` with the case id. */
export function tagCase(span: Span, caseId: string): void {
  span.setAttribute('reset.case_id', caseId);
  const turn = otelContext.active().getValue(TURN_SPAN) as Span | undefined;
  turn?.setAttribute('reset.case_id', caseId);
}

/**
 * Runs `call` as a client span of `dependency`; failures set the span's status and count. Storage calls
 * outside any trace (the lease and watcher polls between turns) get no span of their own, so they do not
 * fill Application Insights with one-span traces; their failures still count.
 */
export function traced<T>(
  instruments: Instruments,
  dependency: Dependency,
  operation: string,
  call: (span: Span) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  const base = { 'reset.dependency': dependency, 'reset.operation': operation };
  if (dependency === 'storage' && trace.getActiveSpan() === undefined)
    return counted(instruments, base, () => call(trace.wrapSpanContext(INVALID_SPAN_CONTEXT)));
  return instruments.tracer.startActiveSpan(
    `${dependency} ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { ...base, 'peer.service': dependency, ...attributes } },
    async (span) => {
      try {
        return await call(span);
      } catch (error) {
        const type = errorType(error);
        span.setAttribute('error.type', type);
        if (EXPECTED_ERRORS.has(type)) {
          span.setAttribute('reset.refused', true);
        } else {
          // The error's name only: its message may hold a username or a host.
          span.setStatus({ code: SpanStatusCode.ERROR, message: type });
          (isThrottled(error) ? instruments.throttled : instruments.failed).add(1, base);
        }
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

async function counted<T>(i: Instruments, base: Attributes, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!EXPECTED_ERRORS.has(errorType(error))) (isThrottled(error) ? i.throttled : i.failed).add(1, base);
    throw error;
  }
}

/** The error's class name (`DirectoryUnavailableError`, `RestError`), never its text. */
export function errorType(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}

/** A 429 anywhere in the cause chain (Graph, ACS, Storage, the connector). */
export function isThrottled(error: unknown): boolean {
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (typeof current !== 'object' || current === null) return false;
    const { statusCode, status } = current as { statusCode?: unknown; status?: unknown };
    if (statusCode === 429 || status === 429) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
