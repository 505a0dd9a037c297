import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy did with one request: which instances it reached, and with what answer. */
export interface Forwarded {
  readonly path: string;
  readonly instances: readonly number[];
  readonly status: number;
}

/**
 * A small load balancer in front of several bot instances, as App Service puts one: each request goes
 * to the next instance in turn, skipping one that refuses the connection (dead). In `all` mode a request
 * goes to every instance at once, as Teams' retries may reach several; the answer is the first good one.
 */
export class RoundRobinProxy {
  readonly forwarded: Forwarded[] = [];
  mode: 'round-robin' | 'all' = 'round-robin';
  private server: Server | undefined;
  private next = 0;

  /** `instances[i]` is instance i's URL; replace an entry when an instance is started again. */
  constructor(readonly instances: string[]) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** The instances that served the last `count` round-robin requests, oldest first. */
  servedBy(count: number): number[] {
    return this.forwarded.slice(-count).map((entry) => entry.instances[0]!);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = request.url ?? '/';
    const send = (index: number) =>
      fetch(new URL(path, this.instances[index]), {
        method: request.method ?? 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        ...(body.length > 0 ? { body } : {}),
      }).then(async (answer) => ({ index, status: answer.status, text: await answer.text() }));

    let answers: { index: number; status: number; text: string }[];
    if (this.mode === 'all') {
      const settled = await Promise.allSettled(this.instances.map((_, index) => send(index)));
      answers = settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      answers.sort((a, b) => Number(a.status >= 300) - Number(b.status >= 300));
    } else {
      answers = [];
      for (let tried = 0; tried < this.instances.length && answers.length === 0; tried++) {
        const index = this.next++ % this.instances.length;
        // A refused connection is a dead instance: the balancer tries the next.
        const answer = await send(index).catch(() => undefined);
        if (answer) answers.push(answer);
      }
    }
    const first = answers[0];
    this.forwarded.push({
      path,
      instances: answers.map((answer) => answer.index),
      status: first?.status ?? 502,
    });
    response.writeHead(first?.status ?? 502, { 'content-type': 'application/json' });
    response.end(first?.text ?? '');
  }
}
