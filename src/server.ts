import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import type { CloudAdapter, ActivityHandler } from 'botbuilder';
import { describeActivityProblems } from './bot/activitySchema';
import { withBotbuilderConsole } from './bot/botConsole';
import { createHttpServer, getAndHead, route } from './http/restifyServer';
import { checkReadiness, type ReadinessCheck } from './http/readiness';
import { botResponse, sendJson } from './http/responses';
import type { Logger } from './reset/ports';

export interface ServerDependencies {
  readonly adapter: CloudAdapter;
  readonly bot: ActivityHandler;
  readonly logger: Logger;
  /** `/readyz` answers 200 only when every check resolves (the store, the directory, ...); none: ready. */
  readonly checks?: Readonly<Record<string, ReadinessCheck>>;
  /** How long `/readyz` waits for a check (2 s when absent), within a load balancer's probe timeout. */
  readonly checkTimeoutMs?: number;
  /** Added to the `/readyz` answer: a state an operator must notice (requests not authenticated). */
  readonly readiness?: Readonly<Record<string, string>>;
  readonly maxBodyBytes?: number;
  /** More routes on the same server (the service-desk view). */
  readonly routes?: (server: Server) => void;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops taking requests and waits for the ones in flight. */
  close(): Promise<void>;
}

/** The headers every answer carries (the service-desk pages relax the framing ones). */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Strict-Transport-Security': 'max-age=31536000',
};

/** The bot endpoint and health probes on restify; JSON only, small bodies, no stack traces out. */
export function createServer(deps: ServerDependencies): Server {
  const log = deps.logger.child({ module: 'http' });
  const server = createHttpServer({
    maxBodyBytes: deps.maxBodyBytes ?? 256 * 1024,
    headers: COMMON_HEADERS,
    logger: deps.logger,
    routine: isRoutine,
  });

  server.post(
    '/api/messages',
    route(async (req, res) => {
      if (req.getContentType() !== 'application/json') {
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
      const answer = botResponse(res);
      await withBotbuilderConsole(
        () => deps.adapter.process(req, answer, (context) => deps.bot.run(context)),
        (lines) => {
          // One line for what botbuilder would have printed (a refused token prints two or three).
          const fields = { status: res.statusCode, botbuilder: lines };
          if (res.statusCode >= 500) log.error(fields, 'botbuilder failed the request');
          else if (res.statusCode >= 400) log.warn(fields, 'botbuilder refused the request');
          else log.warn(fields, 'botbuilder wrote to the console');
        },
      );
    }),
  );

  getAndHead(server, '/healthz', (_req, res) => {
    sendJson(res, 200, { status: 'ok' });
  });

  getAndHead(server, '/readyz', async (_req, res) => {
    const { ready, dependencies } = await checkReadiness(deps.checks ?? {}, deps.checkTimeoutMs ?? 2_000);
    const failing = Object.entries(dependencies).filter(([, state]) => state.state !== 'ready');
    if (failing.length > 0) log.warn({ notReady: Object.fromEntries(failing) }, 'not ready');
    sendJson(res, ready ? 200 : 503, {
      status: ready ? 'ready' : 'not-ready',
      dependencies,
      ...deps.readiness,
    });
  });

  deps.routes?.(server);
  return server;
}

/**
 * Refusals that are no one's mistake: a browser asking for /favicon.ico, and the probe of the
 * Microsoft 365 Agents Playground, which checks the bot is up with a HEAD (wait-on's default) on
 * /api/messages and gets 405; a GET there is the same kind of probe.
 */
function isRoutine(method: string, path: string): boolean {
  if (path === '/favicon.ico') return true;
  return path === '/api/messages' && (method === 'HEAD' || method === 'GET');
}

export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, host, () => {
      server.server.removeListener('error', reject);
      resolve();
    });
  });
  let closing = false;
  // A keep-alive connection that finishes its last request while we close is dropped at once, not
  // when its keep-alive timeout ends.
  server.server.on('request', (_req: unknown, res: ServerResponse) => {
    res.once('finish', () => {
      if (closing) setImmediate(() => server.server.closeIdleConnections());
    });
  });
  const address = server.server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.server.close(() => resolve());
        // Keep-alive sockets would hold close() open; idle ones are dropped, busy ones finish first.
        server.server.closeIdleConnections();
      }),
  };
}
