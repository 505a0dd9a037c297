import { currentTurnStart } from '../lib/turnBudget';
import type { Logger } from '../reset/ports';

/**
 * Teams' documented limits for a bot (per app, per tenant): per conversation 7 sends a second and 60
 * per 30 seconds; across the whole tenant 50 requests a second.
 */
export const TEAMS_LIMITS: RateLimits = {
  perConversation: [
    { count: 7, windowMs: 1_000 },
    { count: 60, windowMs: 30_000 },
  ],
  perTenant: [{ count: 50, windowMs: 1_000 }],
};

/** Answers worth another try: throttled (429), a lost race on the message (412), the service's gateway. */
const RETRIED = new Set([412, 429, 502, 503, 504]);

export interface RateWindow {
  readonly count: number;
  readonly windowMs: number;
}

export interface RateLimits {
  readonly perConversation: readonly RateWindow[];
  readonly perTenant: readonly RateWindow[];
}

export interface ConnectorSenderOptions {
  /** Teams' limits unless given; the bench lifts them to compare code with code (bench/README). */
  readonly limits?: RateLimits;
  /** A turn's connector calls, retries and waits included, end this long after the turn began. */
  readonly turnBudgetMs?: number;
  /** The same for calls outside a turn (proactive messages, alerts). */
  readonly callBudgetMs?: number;
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Wraps the policy each connector client gets (telemetry's span per call, src/telemetry). */
  readonly decorate?: (policy: SenderPolicy) => SenderPolicy;
}

/** The parts of an Azure pipeline the sender touches (`@azure/core-rest-pipeline`), structurally. */
export interface SenderRequest {
  readonly url: string;
  readonly method: string;
  readonly body?: unknown;
}
export interface SenderResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | undefined };
}
export interface SenderPolicy {
  readonly name: string;
  sendRequest(
    request: SenderRequest,
    next: (request: SenderRequest) => Promise<SenderResponse>,
  ): Promise<SenderResponse>;
}
interface PipelineOf {
  readonly client?: {
    readonly pipeline?: {
      addPolicy(policy: SenderPolicy, options?: { phase?: 'Retry' }): void;
      removePolicy(options: { name?: string }): unknown;
    };
  };
}

/**
 * The one way out to the Bot Connector: every reply, update, proactive message and alert passes here.
 * It paces to Teams' limits (a send waits for its slot rather than being throttled) and retries what
 * is worth retrying with exponential back-off and jitter, honouring Retry-After, as long as the turn's
 * budget allows. Then it gives up cleanly: the caller gets the last answer (a RestError with its
 * status) and the case keeps its state. It replaces the Azure pipeline's own retry policy, which waits
 * out any Retry-After with no regard for the 15 s Teams gives a turn.
 */
export class ConnectorSender {
  private readonly sent = new Map<string, number[]>();
  private readonly turnBudgetMs: number;
  private readonly callBudgetMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly limits: RateLimits;
  private readonly decorate: (policy: SenderPolicy) => SenderPolicy;

  constructor(logger: Logger, options: ConnectorSenderOptions = {}) {
    this.log = logger.child({ module: 'connector-sender' });
    this.limits = options.limits ?? TEAMS_LIMITS;
    this.turnBudgetMs = options.turnBudgetMs ?? 10_000;
    this.callBudgetMs = options.callBudgetMs ?? 10_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 4_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.decorate = options.decorate ?? ((policy) => policy);
  }

  /** Puts the sender in a connector client's pipeline in place of the default retry policy. */
  install(client: unknown): void {
    const pipeline = (client as PipelineOf).client?.pipeline;
    if (!pipeline) throw new Error('the connector client has no pipeline to pace');
    pipeline.removePolicy({ name: 'defaultRetryPolicy' });
    pipeline.addPolicy(this.policy(), { phase: 'Retry' });
  }

  policy(): SenderPolicy {
    return this.decorate({
      name: 'connectorSender',
      sendRequest: (request, next) => this.send(request, next),
    });
  }

  private async send(
    request: SenderRequest,
    next: (request: SenderRequest) => Promise<SenderResponse>,
  ): Promise<SenderResponse> {
    const started = currentTurnStart();
    const deadline = started !== undefined ? started + this.turnBudgetMs : this.now() + this.callBudgetMs;
    const keys = this.keysOf(request);
    for (let attempt = 1; ; attempt++) {
      const slot = this.slotFor(keys);
      if (slot > deadline) {
        this.log.warn({ method: request.method }, 'connector call given up: no slot within the budget');
        throw new ConnectorGaveUp('no slot under Teams’ rate limits within the turn’s budget');
      }
      this.take(keys, slot);
      if (slot > this.now()) await this.sleep(slot - this.now());
      const response = await next(request);
      if (!RETRIED.has(response.status)) return response;
      const wait = Math.max(this.retryAfterMs(response), this.backoffMs(attempt));
      if (attempt >= this.maxAttempts || this.now() + wait > deadline) {
        this.log.warn(
          { status: response.status, attempts: attempt, method: request.method },
          'connector call given up',
        );
        return response;
      }
      this.log.info({ status: response.status, attempt, waitMs: wait }, 'connector call retried');
      await this.sleep(wait);
    }
  }

  /** The earliest time all windows of all keys have room for one more send. */
  private slotFor(keys: readonly RateKey[]): number {
    const now = this.now();
    let at = now;
    for (const { key, limits } of keys) {
      if (limits.length === 0) continue;
      const times = this.trimmed(key, now, limits);
      for (const { count, windowMs } of limits) {
        // Sends (kept sorted) after `at - windowMs` fill the window; the count-th newest must leave it.
        const inWindow = times.length - firstAfter(times, at - windowMs);
        if (inWindow >= count) at = Math.max(at, times[times.length - count]! + windowMs);
      }
    }
    return at;
  }

  private take(keys: readonly RateKey[], at: number): void {
    for (const { key, limits } of keys) {
      if (limits.length === 0) continue;
      const times = this.sent.get(key) ?? [];
      times.splice(firstAfter(times, at), 0, at);
      this.sent.set(key, times);
    }
  }

  /** The key's sends still inside its longest window; older ones are dropped. */
  private trimmed(key: string, now: number, limits: readonly RateWindow[]): number[] {
    const times = this.sent.get(key);
    if (!times) return [];
    const longest = Math.max(...limits.map((limit) => limit.windowMs));
    times.splice(0, firstAfter(times, now - longest));
    if (times.length === 0) this.sent.delete(key);
    return times;
  }

  private keysOf(request: SenderRequest): RateKey[] {
    const conversation = /\/v3\/conversations\/([^/?]+)/.exec(request.url)?.[1];
    const tenant =
      typeof request.body === 'string' ? /"tenantId"\s*:\s*"([^"]+)"/.exec(request.body)?.[1] : undefined;
    return [
      { key: `tenant:${tenant ?? '*'}`, limits: this.limits.perTenant },
      ...(conversation ? [{ key: `conversation:${conversation}`, limits: this.limits.perConversation }] : []),
    ];
  }

  private retryAfterMs(response: SenderResponse): number {
    const header = response.headers.get('retry-after');
    if (!header) return 0;
    const seconds = Number(header);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(header);
    return Number.isNaN(date) ? 0 : Math.max(0, date - this.now());
  }

  /** Exponential with "equal jitter": half fixed, half random, so retries of many turns spread out. */
  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    return ceiling / 2 + (ceiling / 2) * this.random();
  }
}

interface RateKey {
  readonly key: string;
  readonly limits: readonly RateWindow[];
}

/** The index of the first entry of sorted `times` later than `time` (binary search). */
function firstAfter(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (times[middle]! <= time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Thrown when a send would wait past the budget; read like Teams' own 429 (`statusCode`). */
export class ConnectorGaveUp extends Error {
  readonly statusCode = 429;
  override readonly name = 'ConnectorGaveUp';
}
