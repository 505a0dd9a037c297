import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

/**
 * The little HTTP the bot needs, on node:http alone: routes by method and path (with `:name`
 * segments), bodies read up to a limit and parsed (JSON, or a form), every answer with the same
 * headers, and one place that answers what no route did. It replaced restify, which cannot load on
 * Node.js 24 (it reaches for `process.binding('http_parser')`, gone there) and patched
 * `ServerResponse.prototype.writeHead` for the whole process.
 */

export interface HttpRequest {
  readonly method: string;
  /** The request target as sent: path and query. */
  readonly url: string;
  /** The path alone, as sent (still percent-encoded). */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The route's `:name` segments, decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** The body's media type without parameters (`application/json`), when there is a body. */
  readonly contentType: string | undefined;
  /** JSON as parsed, a form as an object of strings, other media types as text; undefined without a body. */
  readonly body: unknown;
}

export type Handler = (req: HttpRequest, res: ServerResponse) => void | Promise<void>;

/** Answers a request no handler answered: 404, 405, 413, 400 (a body that cannot be read) or 500. */
export type ErrorResponder = (
  req: HttpRequest,
  res: ServerResponse,
  status: number,
  error: Error | undefined,
) => void;

export interface RouterOptions {
  readonly maxBodyBytes: number;
  /** Sent with every answer; a handler may change or remove them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly onError: ErrorResponder;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class Router {
  private readonly routes: Route[] = [];
  private readonly notFoundHandlers: { readonly prefix: string; readonly handler: Handler }[] = [];

  constructor(private readonly options: RouterOptions) {}

  get(path: string, handler: Handler): void {
    this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): void {
    this.add('POST', path, handler);
  }

  /** Who answers a path under `prefix` that no route knows (a page instead of JSON). */
  notFoundUnder(prefix: string, handler: Handler): void {
    this.notFoundHandlers.push({ prefix, handler });
  }

  /** The `node:http` request listener. */
  readonly listener = (incoming: IncomingMessage, res: ServerResponse): void => {
    void this.handle(incoming, res);
  };

  private add(method: string, path: string, handler: Handler): void {
    const names: string[] = [];
    const source = path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), names, handler });
  }

  private async handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(this.options.headers)) res.setHeader(name, value);
    const url = incoming.url ?? '/';
    const method = incoming.method ?? 'GET';
    const path = pathOf(url);
    let req: HttpRequest = {
      method,
      url,
      path,
      headers: incoming.headers,
      params: {},
      contentType: undefined,
      body: undefined,
    };
    try {
      const found = this.find(method, path);
      if (found === 'method-not-allowed') {
        res.setHeader('Allow', this.allowed(path).join(', '));
        this.fail(req, res, 405);
        incoming.resume();
        return;
      }
      if (!found) {
        incoming.resume();
        const notFound = this.notFoundHandlers.find((h) => path.startsWith(h.prefix));
        if (notFound) await notFound.handler(req, res);
        else this.fail(req, res, 404);
        return;
      }
      req = { ...req, params: found.params };
      if (BODY_METHODS.has(method)) {
        const read = await readBody(incoming, this.options.maxBodyBytes);
        if (read.kind === 'too-large') {
          res.setHeader('Connection', 'close');
          this.fail(req, res, 413);
          return;
        }
        const contentType = mediaType(incoming.headers['content-type']);
        const parsed = parseBody(read.text, contentType);
        req = { ...req, contentType: read.text.length > 0 ? contentType : undefined, body: parsed.body };
        if (parsed.error) {
          this.fail(req, res, 400, parsed.error);
          return;
        }
      }
      await found.route.handler(req, res);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      this.fail(req, res, 500, error instanceof Error ? error : new Error(String(error)));
    }
  }

  private find(
    method: string,
    path: string,
  ): { route: Route; params: Record<string, string> } | 'method-not-allowed' | undefined {
    let pathKnown = false;
    for (const route of this.routes) {
      const match = route.pattern.exec(path);
      if (!match) continue;
      pathKnown = true;
      if (route.method !== method && !(method === 'HEAD' && route.method === 'GET')) continue;
      const params: Record<string, string> = {};
      route.names.forEach((name, index) => {
        params[name] = decode(match[index + 1] ?? '');
      });
      return { route, params };
    }
    return pathKnown ? 'method-not-allowed' : undefined;
  }

  private allowed(path: string): string[] {
    return [...new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  }

  private fail(req: HttpRequest, res: ServerResponse, status: number, error?: Error): void {
    this.options.onError(req, res, status, error);
  }
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Sends `body` as it is, with whatever Content-Type the caller set. */
export function sendText(res: ServerResponse, status: number, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

export function redirect(res: ServerResponse, status: 302 | 303, location: string): void {
  res.statusCode = status;
  res.setHeader('Location', location);
  res.setHeader('Content-Length', 0);
  res.end();
}

/**
 * The response shape botbuilder's `CloudAdapter.process` writes to (`status`, `header`, `send`, then
 * `end`), over a node:http response.
 */
export function botResponse(res: ServerResponse): {
  socket: unknown;
  status(code: number): void;
  header(name: string, value: unknown): void;
  send(body: unknown): void;
  end(): void;
} {
  let body: string | undefined;
  return {
    socket: res.socket,
    status: (code) => {
      res.statusCode = code;
    },
    header: (name, value) => {
      res.setHeader(name, String(value));
    },
    send: (value) => {
      if (value === undefined || value === null) return;
      if (typeof value === 'string') {
        if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        body = value;
      } else {
        res.setHeader('Content-Type', 'application/json');
        body = JSON.stringify(value);
      }
    },
    end: () => {
      if (body !== undefined) res.setHeader('Content-Length', Buffer.byteLength(body));
      res.end(body);
    },
  };
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  const path = query >= 0 ? url.slice(0, query) : url;
  return path.startsWith('/') ? path : `/${path}`;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape stays as sent; routes validate their parameters
  }
}

function mediaType(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

function readBody(
  incoming: IncomingMessage,
  limit: number,
): Promise<{ kind: 'read'; text: string } | { kind: 'too-large' }> {
  const declared = Number(incoming.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    incoming.resume();
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // The rest is drained unread (the socket closes after the answer), not kept.
      incoming.off('data', onData);
      incoming.resume();
      resolve({ kind: 'too-large' });
    };
    incoming.on('data', onData);
    incoming.once('end', () => resolve({ kind: 'read', text: Buffer.concat(chunks).toString('utf8') }));
    incoming.once('error', reject);
  });
}

function parseBody(text: string, contentType: string | undefined): { body: unknown; error?: Error } {
  if (text.length === 0) return { body: undefined };
  if (contentType === 'application/json' || contentType?.endsWith('+json')) {
    try {
      return { body: JSON.parse(text) as unknown };
    } catch (error) {
      // V8 quotes the start of the text in some messages ("Kanelbulle42 …" is not valid JSON), and the
      // error is logged: keep only where the JSON broke, never the body.
      const at = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
      return {
        body: undefined,
        error: new Error(at === undefined ? 'malformed JSON' : `malformed JSON at position ${at}`),
      };
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    return { body: Object.fromEntries(new URLSearchParams(text)) };
  }
  return { body: text };
}
