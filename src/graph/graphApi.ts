import type { Agent } from 'node:https';
import {
  AuthenticationHandler,
  Client,
  ResponseType,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
  type ShouldRetry,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { TokenCredential } from '@azure/identity';
import { errorText } from '../lib/errorText';
import { DirectoryUnavailableError } from '../reset/errors';
import type { Logger } from '../reset/ports';
import { HttpsTransport } from './httpsTransport';

export interface GraphApiOptions {
  readonly credential: TokenCredential;
  /** Graph endpoint with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: URL;
  /** The whole budget of one read, retries and waits included; one write attempt gets the same. */
  readonly timeoutMs: number;
  readonly logger: Logger;
  /** Carries an extra trusted CA (GRAPH_CA_FILE). */
  readonly agent?: Agent;
  /** Retries of a read after the first attempt. */
  readonly maxRetries?: number;
  /** Base back-off when Graph gives no `Retry-After`, in seconds. */
  readonly retryDelaySeconds?: number;
}

export interface GraphResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

export interface ReadOptions {
  readonly select?: readonly string[];
  readonly filter?: string;
  readonly count?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

const DEFAULT_SCOPE = '.default';

/**
 * Microsoft Graph over the official client and its middleware chain (authentication → retry →
 * telemetry → transport), with one rule the default chain lacks: reads are retried on 429/503/504
 * (honouring `Retry-After`) only while the answer can still arrive within the budget, and writes
 * are never retried, since a PATCH that timed out may already have been applied.
 */
export class GraphApi {
  private readonly client: Client;
  private readonly maxRetries: number;
  private readonly retryDelaySeconds: number;
  private readonly log: Logger;

  constructor(private readonly options: GraphApiOptions) {
    const scope = `${options.baseUrl.origin}/${DEFAULT_SCOPE}`;
    const authProvider = new TokenCredentialAuthenticationProvider(options.credential, { scopes: [scope] });
    const chain = [
      new AuthenticationHandler(authProvider),
      new RetryHandler(new RetryHandlerOptions(0, 0, () => false)),
      new TelemetryHandler(),
      new HttpsTransport(options.agent),
    ];
    // Link the chain the way Client.initWithMiddleware does for an array.
    for (let i = 0; i < chain.length - 1; i++) chain[i]!.setNext(chain[i + 1]!);
    this.client = Client.initWithMiddleware({
      middleware: chain,
      // Without this the token is attached only to Microsoft's own Graph hosts (DESIGN.md §5).
      customHosts: new Set([options.baseUrl.hostname]),
    });
    this.maxRetries = options.maxRetries ?? 3;
    this.retryDelaySeconds = options.retryDelaySeconds ?? 1;
    this.log = options.logger.child({ module: 'graph' });
  }

  /** A GET; any HTTP status is returned, transport failures and the budget running out throw. */
  get(path: string, read: ReadOptions = {}): Promise<GraphResponse> {
    const deadline = Date.now() + this.options.timeoutMs;
    let request = this.client
      .api(this.url(path))
      .responseType(ResponseType.RAW)
      .middlewareOptions([
        new RetryHandlerOptions(this.retryDelaySeconds, this.maxRetries, this.retryBefore(deadline)),
      ]);
    if (read.select) request = request.select([...read.select]);
    // The client inserts $filter as given: encode it, or quotes and spaces break the URL.
    if (read.filter !== undefined) request = request.filter(encodeURIComponent(read.filter));
    if (read.count) request = request.count(true);
    if (read.headers) request = request.headers({ ...read.headers });
    return this.run('GET', deadline, (signal) => request.option('signal', signal).get() as Promise<Response>);
  }

  /**
   * The next page of a collection: its `@odata.nextLink` as Graph gave it (query and skip token included).
   * Only a link under the configured endpoint is followed, so the token goes nowhere else.
   */
  getNextPage(nextLink: string, headers?: Readonly<Record<string, string>>): Promise<GraphResponse> {
    const base = this.options.baseUrl.href.replace(/\/$/, '');
    if (!nextLink.startsWith(`${base}/`))
      return Promise.reject(
        new DirectoryUnavailableError(`Microsoft Graph gave a next page outside ${base}; not followed`),
      );
    return this.get(nextLink.slice(base.length), headers ? { headers } : {});
  }

  /** A PATCH, attempted exactly once. */
  patch(path: string, body: unknown): Promise<GraphResponse> {
    return this.writeOnce('PATCH', path, body);
  }

  /** A POST, attempted exactly once (a retried install or write could be applied twice). */
  post(path: string, body: unknown): Promise<GraphResponse> {
    return this.writeOnce('POST', path, body);
  }

  /** Writes are never retried: the Graph client's retry handler would repeat a write that landed. */
  private writeOnce(method: 'PATCH' | 'POST', path: string, body: unknown): Promise<GraphResponse> {
    const deadline = Date.now() + this.options.timeoutMs;
    const request = this.client
      .api(this.url(path))
      .responseType(ResponseType.RAW)
      .middlewareOptions([new RetryHandlerOptions(0, 0, () => false)]);
    return this.run(method, deadline, (signal) => {
      const call = request.option('signal', signal);
      return (method === 'PATCH' ? call.patch(body) : call.post(body)) as Promise<Response>;
    });
  }

  private url(path: string): string {
    return `${this.options.baseUrl.href.replace(/\/$/, '')}${path}`;
  }

  private async run(
    method: string,
    deadline: number,
    send: (signal: AbortSignal) => Promise<Response>,
  ): Promise<GraphResponse> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Token acquisition is outside the request's signal: the race keeps it inside the budget too.
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => {
          controller.abort();
          reject(
            new DirectoryUnavailableError(
              `Microsoft Graph did not answer within ${this.options.timeoutMs} ms`,
            ),
          );
        },
        Math.max(0, deadline - Date.now()),
      );
    });
    const attempt = send(controller.signal);
    try {
      const response = await Promise.race([attempt, timeout]);
      const text = await response.text();
      const status = response.status;
      if (status >= 400)
        this.log.warn(
          { method, status, requestId: response.headers.get('request-id') },
          'graph error answer',
        );
      return { status, body: parseJson(text), headers: response.headers };
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) {
        this.log.warn({ method, timeoutMs: this.options.timeoutMs }, 'graph timed out');
        throw error;
      }
      this.log.warn({ method, err: errorText(error) }, 'graph request failed');
      throw new DirectoryUnavailableError(`Microsoft Graph could not be reached (${errorText(error)})`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      // The losing side of the race must not surface as an unhandled rejection.
      attempt.catch(() => undefined);
    }
  }

  private retryBefore(deadline: number): ShouldRetry {
    return (delaySeconds, attempt, _request, _options, response) => {
      const waitMs =
        retryAfterMs(response.headers.get('retry-after')) ?? backoffMs(delaySeconds, attempt + 1);
      const retry = Date.now() + waitMs < deadline - 250;
      this.log.warn(
        { status: response.status, attempt: attempt + 1, waitMs, retry },
        'graph throttled or unavailable',
      );
      return retry;
    };
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The RetryHandler's own back-off when no Retry-After is given (plus its up-to-1 s jitter). */
function backoffMs(delaySeconds: number, attempt: number): number {
  const exponential = attempt >= 2 ? Math.round(0.5 * (2 ** attempt - 1)) : 0;
  return (exponential + delaySeconds + 1) * 1000;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
