import * as restify from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import { describeActivityProblems } from './bot/activitySchema';
import type { Logger } from './reset/ports';

export interface ServerDependencies {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  /** `/readyz` answers 200 only when this resolves true (directory loaded, stores open, ...). */
  readonly ready: () => Promise<boolean>;
  readonly maxBodyBytes?: number;
  /** More routes on the same server (the service-desk view). */
  readonly routes?: (server: restify.Server) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops taking requests and waits for the ones in flight. */
  close(): Promise<void>;
}

/** restify with the bot endpoint and health probes; JSON only, small bodies, no stack traces out. */
export function createServer(deps: ServerDependencies): restify.Server {
  const log = deps.logger.child({ module: 'http' });
  const server = restify.createServer({ name: 'reset-assistant', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: deps.maxBodyBytes ?? 256 * 1024, mapParams: false }));
  // Slow or stalled clients must not hold connections open: Teams itself gives up after 15 s.
  server.server.headersTimeout = 10_000;
  server.server.requestTimeout = 20_000;
  server.pre((_req, res, next) => {
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Cache-Control', 'no-store');
    res.header('X-Frame-Options', 'DENY');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.header('Strict-Transport-Security', 'max-age=31536000');
    return next();
  });

  server.post('/api/messages', async (req, res) => {
    if (!req.is('json')) {
      res.send(415, { error: 'unsupported-media-type', message: 'Send the activity as application/json.' });
      return;
    }
    const problems = describeActivityProblems(req.body);
    if (problems !== undefined) {
      log.warn({ problems }, 'refused a malformed activity');
      res.send(400, { error: 'bad-request', message: `Not a valid activity: ${problems}` });
      return;
    }
    await deps.adapter.process(req, res, (context) => deps.bot.run(context));
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });

  server.get('/readyz', async (_req, res) => {
    const ready = await deps.ready().catch(() => false);
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not-ready' });
  });

  deps.routes?.(server);

  server.on(
    'restifyError',
    (
      req: restify.Request,
      _res: restify.Response,
      error: Error & { statusCode?: number; toJSON?: () => unknown },
      callback: () => void,
    ) => {
      const status = error.statusCode ?? 500;
      if (status >= 500) log.error({ err: error.message, path: req.path() }, 'request failed');
      else log.info({ status, err: error.message, path: req.path() }, 'request refused');
      // Only the status and a fixed sentence go out, never the error's details.
      error.toJSON = () => ({
        error: status >= 500 ? 'internal-error' : 'bad-request',
        message: publicMessage(status),
      });
      return callback();
    },
  );
  return server;
}

function publicMessage(status: number): string {
  if (status === 404) return 'Not found.';
  if (status === 405) return 'Method not allowed.';
  if (status === 413) return 'Request body too large.';
  if (status === 415) return 'Unsupported media type.';
  if (status >= 500) return 'Internal error.';
  return 'The request could not be read (malformed JSON?).';
}

export async function listen(server: restify.Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones are dropped, busy ones finish first.
        server.server.closeIdleConnections?.();
      }),
  };
}
