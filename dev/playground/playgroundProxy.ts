import http from 'node:http';

/**
 * A loopback HTTP proxy between Microsoft 365 Agents Playground and the bot. Playground 0.2.28
 * hard-codes `locale: "en-US"` in every activity and has no setting for it (docs/dev/playground.md),
 * so the proxy rewrites `locale` and the Teams `clientInfo` entity to the chosen locale. It also points
 * `serviceUrl` at itself and forwards `/_connector/*` to the Playground, so both directions pass here
 * and a test can record them through `onExchange`.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One request through the proxy. `toBot`: Playground → bot; `fromBot`: bot → Playground's connector. */
export interface ProxyExchange {
  readonly direction: 'toBot' | 'fromBot';
  readonly method: string;
  /** Request path, e.g. `/api/messages` or `/_connector/v3/conversations/{id}/activities/{id}`. */
  readonly path: string;
  readonly at: number;
  /** Request body as forwarded (for `toBot`: after the rewrite). */
  readonly body: JsonObject | undefined;
  /** `toBot` only: the body exactly as the Playground sent it. */
  readonly originalBody: JsonObject | undefined;
  /** Set when the response arrived. */
  status: number | undefined;
  responseBody: JsonObject | undefined;
}

export interface PlaygroundProxyOptions {
  /** The bot's origin, e.g. `http://127.0.0.1:3978`. */
  readonly botOrigin: string;
  /** Read on every activity, so a caller may switch language between conversations. */
  readonly locale: () => string;
  /** The Playground's port (known only once it listens). */
  readonly playgroundPort: () => number;
  /** Extra edit of every activity going to the bot, after the locale rewrite (tests). */
  readonly rewriteActivity?: (activity: JsonObject) => void;
  /** Called with every JSON POST/PUT when it is forwarded; `status` is filled in later. */
  readonly onExchange?: (exchange: ProxyExchange) => void;
  readonly onError?: (message: string) => void;
}

export function createPlaygroundProxy(options: PlaygroundProxyOptions): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const url = req.url ?? '/';
      const toConnector = url.startsWith('/_connector');
      const target = toConnector
        ? new URL(url, `http://127.0.0.1:${options.playgroundPort()}`)
        : new URL(url, options.botOrigin);
      let body = Buffer.concat(chunks);
      let exchange: ProxyExchange | undefined;
      const parsed = parseJsonObject(body);
      if (parsed && (method === 'POST' || method === 'PUT')) {
        let original: JsonObject | undefined;
        if (!toConnector) {
          original = structuredClone(parsed);
          const serviceUrl = `http://127.0.0.1:${req.socket.localPort ?? 0}/_connector`;
          rewriteIncoming(parsed, options.locale(), serviceUrl);
          options.rewriteActivity?.(parsed);
          body = Buffer.from(JSON.stringify(parsed));
        }
        exchange = {
          direction: toConnector ? 'fromBot' : 'toBot',
          method,
          path: url,
          at: Date.now(),
          body: parsed,
          originalBody: original,
          status: undefined,
          responseBody: undefined,
        };
        options.onExchange?.(exchange);
      }
      const headers: http.OutgoingHttpHeaders = { ...req.headers, host: target.host };
      if (body.length > 0 || headers['content-length'] !== undefined) headers['content-length'] = body.length;
      delete headers['transfer-encoding'];
      const upstream = http.request(target, { method, headers }, (upstreamRes) => {
        const responseChunks: Buffer[] = [];
        upstreamRes.on('data', (chunk: Buffer) => responseChunks.push(chunk));
        upstreamRes.on('end', () => {
          const responseBody = Buffer.concat(responseChunks);
          if (exchange) {
            exchange.responseBody = parseJsonObject(responseBody);
            exchange.status = upstreamRes.statusCode ?? 0;
          }
          res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
          res.end(responseBody);
        });
      });
      upstream.on('error', (error) => {
        options.onError?.(`${method} ${target.pathname} failed: ${error.message}`);
        if (exchange) exchange.status = 502;
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('proxy: upstream failed');
      });
      upstream.end(body);
    });
  });
}

/** Sets the locale where Teams puts it (`locale`, `clientInfo.locale`/`country`) and the reply address. */
export function rewriteIncoming(activity: JsonObject, locale: string, serviceUrl: string): void {
  const country = locale.split('-')[1]?.toUpperCase();
  if (typeof activity.serviceUrl === 'string') activity.serviceUrl = serviceUrl;
  if (typeof activity.locale === 'string' || activity.type === 'message' || activity.type === 'invoke') {
    activity.locale = locale;
  }
  if (Array.isArray(activity.entities)) {
    for (const entity of activity.entities) {
      if (isJsonObject(entity) && entity.type === 'clientInfo') {
        entity.locale = locale;
        if (country && typeof entity.country === 'string') entity.country = country;
      }
    }
  }
}

function parseJsonObject(body: Buffer): JsonObject | undefined {
  if (body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined; // not JSON: forwarded untouched
  }
}
