import { request, type Agent } from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';

/**
 * The last link of the Graph client's middleware chain, in place of its `HTTPMessageHandler`
 * (global `fetch`): node:https takes an `Agent` carrying an extra CA (`GRAPH_CA_FILE`), which
 * Node's fetch cannot, and stops each attempt when the caller's deadline signal fires.
 */
export class HttpsTransport implements Middleware {
  constructor(private readonly agent: Agent | undefined) {}

  async execute(context: Context): Promise<void> {
    // RequestInfo is a DOM type this project does not load; the client always passes a URL string here.
    const target: unknown = context.request;
    const url = typeof target === 'string' ? target : (target as { url: string }).url;
    const options = context.options ?? {};
    const headers = new Headers(options.headers);
    const body = typeof options.body === 'string' ? options.body : undefined;
    const signal = options.signal ?? undefined;
    context.response = await send(new URL(url), {
      method: options.method ?? 'GET',
      headers: Object.fromEntries(headers.entries()),
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
      ...(this.agent ? { agent: this.agent } : {}),
    });
  }

  setNext(): void {
    // The end of the chain.
  }
}

interface SendOptions {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly signal?: AbortSignal;
  readonly agent?: Agent;
}

function send(url: URL, options: SendOptions): Promise<Response> {
  return new Promise<Response>((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method,
        headers: options.headers,
        ...(options.agent ? { agent: options.agent } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          const status = res.statusCode ?? 502;
          const text = Buffer.concat(chunks);
          const noBody = status === 204 || status === 304 || text.length === 0;
          resolve(new Response(noBody ? null : text, { status, headers }));
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
