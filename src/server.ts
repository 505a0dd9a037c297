import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import { describeActivityProblems } from './bot/activitySchema';
import { botResponse, Router, sendJson, type HttpRequest } from './http/router';
import type { Logger } from './reset/ports';

export interface ServerDependencies {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  /** `/readyz` answers 200 only when this resolves true (directory loaded, stores open, ...). */
  readonly ready: () => Promise<boolean>;
  /** Added to the `/readyz` answer: a state an operator must notice (requests not authenticated). */
  readonly readiness?: Readonly<Record<string, string>>;
  readonly maxBodyBytes?: number;
  /** More routes on the same server (the service-desk view). */
  readonly routes?: (router: Router) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops taking requests and waits for the ones in flight. */
  close(): Promise<void>;
}

/** The bot endpoint and health probes on node:http; JSON only, small bodies, no stack traces out. */
export function createServer(deps: ServerDependencies): Server {
  const log = deps.logger.child({ module: 'http' });
  const router = new Router({
    maxBodyBytes: deps.maxBodyBytes ?? 256 * 1024,
    headers: {
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      'Strict-Transport-Security': 'max-age=31536000',
    },
    onError: (req, res, status, error) => {
      if (status >= 500) log.error({ err: error?.message, path: req.path }, 'request failed');
      else log.info({ status, err: error?.message, path: req.path }, 'request refused');
      // Only the status and a fixed sentence go out, never the error's details.
      sendJson(res, status, {
        error: status >= 500 ? 'internal-error' : 'bad-request',
        message: publicMessage(status),
      });
    },
  });

  router.post('/api/messages', async (req, res) => {
    if (req.contentType !== 'application/json') {
      sendJson(res, 415, {
        error: 'unsupported-media-type',
        message: 'Send the activity as application/json.',
      });
      return;
    }
    const problems = describeActivityProblems(req.body);
    if (problems !== undefined) {
      log.warn({ problems }, 'refused a malformed activity');
      sendJson(res, 400, { error: 'bad-request', message: `Not a valid activity: ${problems}` });
      return;
    }
    await deps.adapter.process(botRequest(req), botResponse(res), (context) => deps.bot.run(context));
  });

  router.get('/healthz', (_req, res) => {
    sendJson(res, 200, { status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const ready = await deps.ready().catch(() => false);
    sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready', ...deps.readiness });
  });

  deps.routes?.(router);

  const server = createHttpServer(router.listener);
  // Slow or stalled clients must not hold connections open: Teams itself gives up after 15 s.
  server.headersTimeout = 10_000;
  server.requestTimeout = 20_000;
  return server;
}

/** What botbuilder reads of a request: the parsed body, the headers and the method. */
function botRequest(req: HttpRequest): {
  body: Record<string, unknown>;
  headers: HttpRequest['headers'];
  method: string;
} {
  return { body: req.body as Record<string, unknown>, headers: req.headers, method: req.method };
}

function publicMessage(status: number): string {
  if (status === 404) return 'Not found.';
  if (status === 405) return 'Method not allowed.';
  if (status === 413) return 'Request body too large.';
  if (status === 415) return 'Unsupported media type.';
  if (status >= 500) return 'Internal error.';
  return 'The request could not be read (malformed JSON?).';
}

export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones are dropped, busy ones finish first.
        server.closeIdleConnections();
      }),
  };
}
