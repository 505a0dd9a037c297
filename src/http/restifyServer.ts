import type { Duplex } from 'node:stream';
import * as restify from 'restify';
import type { Logger } from '../reset/ports';
import { publicError, sendJson } from './responses';

/**
 * The bot's restify 12 setup, shared by the bot, the bench's echo baseline and its floor: restify's
 * bodyParser behind a size limit (JSON and form bodies), the same headers on every answer, and one
 * place that answers and logs what no route did (404, 405, 413, 415, a body that cannot be read, 500)
 * with a fixed sentence: never a stack, an error's text or anything from the body.
 */

export type HttpRequest = restify.Request;
export type HttpResponse = restify.Response;
/** A route's handler: it answers (or throws, which becomes a 500 without details). */
export type Handler = (req: HttpRequest, res: HttpResponse) => void | Promise<void>;

export interface HttpServerOptions {
  readonly maxBodyBytes: number;
  /** Sent with every answer; a handler may change or remove them. */
  readonly headers: Readonly<Record<string, string>>;
  /** Refusals (4xx) and failures (5xx) are logged here; restify's own warnings too. */
  readonly logger: Logger;
  /** Requests that are refused routinely (a browser's favicon, a probe): logged at debug, not as refusals. */
  readonly routine?: (method: string, path: string) => boolean;
}

/** Media types restify's bodyParser would hand to formidable or its CSV parser: nothing here takes them. */
const REFUSED_TYPES = /^(multipart\/|text\/(csv|tsv|tab-separated-values)$)/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function createHttpServer(options: HttpServerOptions): restify.Server {
  const log = options.logger.child({ module: 'http' });
  const server = restify.createServer({
    // No `Server` header (restify sends its name there).
    name: '',
    log: quietLogger(log) as unknown as restify.ServerOptions['log'],
    handleUncaughtExceptions: false,
    // Whatever reaches restify's own formatting (an error it sends by itself) goes out as our fixed JSON.
    formatters: {
      'application/json': formatSafely,
      'text/plain': formatSafely,
      'application/octet-stream': formatSafely,
      'application/javascript': formatSafely,
    },
  });
  // Slow or stalled clients must not hold connections open: Teams itself gives up after 15 s.
  server.server.headersTimeout = 10_000;
  server.server.requestTimeout = 20_000;

  server.pre((req: HttpRequest, res: HttpResponse, next: restify.Next) => {
    for (const [name, value] of Object.entries(options.headers)) res.header(name, value);
    // A declared body over the limit is refused before a byte of it is read.
    const declared = Number(req.headers['content-length']);
    if (
      BODY_METHODS.has(req.method ?? 'GET') &&
      Number.isFinite(declared) &&
      declared > options.maxBodyBytes
    ) {
      req.resume();
      return next(tooLarge(options.maxBodyBytes));
    }
    return next();
  });
  server.use(
    (req: HttpRequest, _res: HttpResponse, next: restify.Next) => {
      if (!BODY_METHODS.has(req.method ?? 'GET')) return next();
      // gzip would let a small body inflate past the limit; multipart would reach formidable (files on disk).
      const encoding = req.headers['content-encoding'];
      if ((encoding !== undefined && encoding !== 'identity') || REFUSED_TYPES.test(req.getContentType())) {
        req.resume();
        return next(new UnsupportedMediaType());
      }
      return next();
    },
    ...restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes, mapParams: false }),
  );

  // restify takes every `upgrade` (WebSocket) request off node:http and leaves it to listeners we do not
  // have: without this the socket stayed open, outside every timeout, for as long as the client liked.
  server.on('upgrade', (req: HttpRequest, socket: Duplex) => {
    log.info({ status: 400, err: 'upgrade not supported', path: pathOf(req.url) }, 'request refused');
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  server.on('restifyError', (req: HttpRequest, res: HttpResponse, error: unknown, callback: () => void) => {
    const status = statusOf(error);
    const path = req.getPath();
    // A route's own page (the service desk's 404) or a handler that failed after answering.
    if (res.headersSent) {
      if (status >= 500) log.error({ err: describeError(error), path }, 'request failed after answering');
      return callback();
    }
    if (status >= 500) log.error({ err: describeError(error), path }, 'request failed');
    else if (options.routine?.(req.method ?? 'GET', path))
      log.debug({ status, path }, 'routine request refused');
    else log.info({ status, err: describeError(error), path }, 'request refused');
    // A 405 already carries `Allow` (restify's router sets it).
    if (status === 413) res.header('Connection', 'close');
    sendJson(res, status, publicError(status));
    return callback();
  });
  return server;
}

/** A route handler restify can run: async, so a throw becomes restify's error path (a 500), not a crash. */
export function route(handler: Handler): restify.RequestHandler {
  return async (req: HttpRequest, res: HttpResponse) => {
    await handler(req, res);
  };
}

/** A GET route that answers HEAD too (find-my-way routes HEAD only where it is registered). */
export function getAndHead(server: restify.Server, path: string, handler: Handler): void {
  server.get(path, route(handler));
  server.head(path, route(handler));
}

/** Who answers a path under `prefix` that no route knows (a page instead of JSON). */
export function notFoundUnder(server: restify.Server, prefix: string, handler: Handler): void {
  server.on('NotFound', (req: HttpRequest, res: HttpResponse, _error: unknown, callback: () => void) => {
    const path = req.getPath();
    if (path !== prefix && !path.startsWith(`${prefix}/`)) return callback();
    Promise.resolve()
      .then(() => handler(req, res))
      .catch(() => {
        if (!res.headersSent) sendJson(res, 500, publicError(500));
      })
      .finally(callback);
  });
}

class UnsupportedMediaType extends Error {
  readonly statusCode = 415;
  override readonly name = 'UnsupportedMediaTypeError';
  constructor() {
    super('media type or content encoding not accepted');
  }
}

function tooLarge(limit: number): Error & { statusCode: number } {
  return Object.assign(new Error(`Request body size exceeds ${limit}`), {
    name: 'PayloadTooLargeError',
    statusCode: 413,
  });
}

function pathOf(url: string | undefined): string {
  return ((url ?? '/').split('?')[0] ?? '').slice(0, 200);
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/**
 * What the log gets of an error. restify's JSON parser puts V8's message in its error, and V8 quotes
 * the start of the body there ("Kanelbulle42 …" is not valid JSON): only where the JSON broke is kept.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'non-error thrown';
  if (error.name === 'InvalidContentError' && error.message.includes('JSON')) {
    const at = /position (\d+)/.exec(error.message)?.[1];
    return at === undefined ? 'malformed JSON' : `malformed JSON at position ${at}`;
  }
  if (error.name === 'InvalidContentError') return 'malformed form body';
  return error.message.slice(0, 300);
}

/** restify's formatters, for a body restify sends by itself: an error becomes our fixed answer. */
function formatSafely(_req: HttpRequest, res: HttpResponse, body: unknown): string {
  const status = body instanceof Error ? statusOf(body) : res.statusCode;
  const text = JSON.stringify(body instanceof Error || body === undefined ? publicError(status) : body);
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  return text;
}

/**
 * The logger restify gets. It logs requests and responses whole at trace level (bodies, headers with
 * tokens) and objects with its warnings: here trace and below say "off", and a warning keeps only its
 * fixed message.
 */
function quietLogger(log: Logger): object {
  const warn = (first: unknown, second?: unknown) => {
    const message = typeof second === 'string' ? second : typeof first === 'string' ? first : 'warning';
    log.warn({ from: 'restify' }, message.slice(0, 200));
  };
  const off = () => false;
  const logger = {
    trace: off,
    debug: off,
    info: off,
    warn,
    error: warn,
    fatal: warn,
    child: () => logger,
    level: () => 'warn',
  };
  return logger;
}
