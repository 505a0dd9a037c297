import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

export interface ConnectorCall {
  readonly method: 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly conversationId: string;
  readonly activityId?: string;
  readonly activity?: Partial<Activity>;
  readonly authorization?: string;
}

/**
 * A local stand-in for the Bot Connector service at an activity's `serviceUrl`: takes the bot's replies
 * (POST), updates (PUT) and deletes like Teams does, gives every activity an id, and keeps the
 * conversation as the user would see it.
 */
export class ConnectorStub {
  readonly calls: ConnectorCall[] = [];
  /** The conversation as shown: replaced cards show their latest version. */
  readonly shown = new Map<string, Partial<Activity>>();
  private server: Server | undefined;
  private nextId = 1;
  private failNext: number | undefined;
  private scripted: { status: number; times: number; retryAfter?: string; method?: string }[] = [];
  /** Calls answered with a scripted failure, in order (they are not in `calls`). */
  readonly failures: { readonly method: string; readonly path: string; readonly status: number }[] = [];

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      void this.handle(req).then(
        ({ status, body, headers }) => {
          res.writeHead(status, { 'content-type': 'application/json', ...headers });
          res.end(JSON.stringify(body));
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'ServiceError', message: String(error) } }));
        },
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** The next call answers with this HTTP status, as Teams does when throttling or failing. */
  failNextWith(status: number): void {
    this.failNext = status;
  }

  /**
   * The next `times` calls (of `method` only, if given) answer `status`, with a Retry-After header
   * when given: Teams throttling (429), a gateway failing (502/503/504), a deleted message (404).
   */
  failWith(
    status: number,
    options: { times?: number; retryAfterSeconds?: number; method?: 'POST' | 'PUT' } = {},
  ): void {
    this.scripted.push({
      status,
      times: options.times ?? 1,
      ...(options.retryAfterSeconds !== undefined ? { retryAfter: String(options.retryAfterSeconds) } : {}),
      ...(options.method ? { method: options.method } : {}),
    });
  }

  /** Ends every scripted failure: the service is back. */
  recover(): Promise<void> {
    this.scripted = [];
    return Promise.resolve();
  }

  /** Activities the bot sent (POST) to a conversation, in order. */
  sent(conversationId?: string): Partial<Activity>[] {
    return this.calls
      .filter(
        (call) =>
          call.method === 'POST' && (conversationId === undefined || call.conversationId === conversationId),
      )
      .map((call) => call.activity!);
  }

  updates(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (call) =>
        call.method === 'PUT' && (conversationId === undefined || call.conversationId === conversationId),
    );
  }

  private async handle(
    req: IncomingMessage,
  ): Promise<{ status: number; body: unknown; headers?: Record<string, string> }> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(url.pathname);
    const method = req.method as ConnectorCall['method'];
    const raw = await readBody(req);
    const script = this.scripted.find((entry) => entry.method === undefined || entry.method === req.method);
    if (script) {
      script.times -= 1;
      if (script.times <= 0) this.scripted.splice(this.scripted.indexOf(script), 1);
      this.failures.push({ method: req.method ?? '', path: url.pathname, status: script.status });
      return {
        status: script.status,
        body: { error: { code: 'Scripted', message: `answered ${script.status}` } },
        ...(script.retryAfter !== undefined ? { headers: { 'retry-after': script.retryAfter } } : {}),
      };
    }
    if (this.failNext !== undefined) {
      const status = this.failNext;
      this.failNext = undefined;
      return { status, body: { error: { code: 'Throttled', message: 'try later' } } };
    }
    if (!match) return { status: 404, body: { error: { code: 'NotFound', message: url.pathname } } };
    const conversationId = decodeURIComponent(match[1]!);
    const activityId = match[2] !== undefined ? decodeURIComponent(match[2]) : undefined;
    const activity = raw ? (JSON.parse(raw) as Partial<Activity>) : undefined;
    const authorization = req.headers.authorization;
    this.calls.push({
      method,
      path: url.pathname,
      conversationId,
      ...(activityId !== undefined ? { activityId } : {}),
      ...(activity ? { activity } : {}),
      ...(authorization !== undefined ? { authorization } : {}),
    });
    if (method === 'PUT' && activityId !== undefined && activity) {
      if (!this.shown.has(activityId))
        return { status: 404, body: { error: { code: 'NotFound', message: 'no such activity' } } };
      this.shown.set(activityId, { ...activity, id: activityId });
      return { status: 200, body: { id: activityId } };
    }
    if (method === 'DELETE' && activityId !== undefined) {
      this.shown.delete(activityId);
      return { status: 200, body: {} };
    }
    const id = `stub-${this.nextId++}`;
    if (activity) {
      activity.id = id;
      this.shown.set(id, activity);
    }
    return { status: 200, body: { id } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
