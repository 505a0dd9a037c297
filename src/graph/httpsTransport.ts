import type { Agent } from 'node:https';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { sendHttps } from '../lib/privateCa';

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
    const body = typeof options.body === 'string' ? options.body : undefined;
    const signal = options.signal ?? undefined;
    const answer = await sendHttps(new URL(url), {
      method: options.method ?? 'GET',
      headers: Object.fromEntries(new Headers(options.headers).entries()),
      ...(body !== undefined ? { body } : {}),
      ...(signal ? { signal } : {}),
      ...(this.agent ? { agent: this.agent } : {}),
    });
    const noBody = answer.status === 204 || answer.status === 304 || answer.body.length === 0;
    context.response = new Response(noBody ? null : answer.body, {
      status: answer.status,
      headers: new Headers(answer.headers),
    });
  }

  setNext(): void {
    // The end of the chain.
  }
}
