import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'node:https';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/**
 * The PEM certificate(s) in a CA file (`GRAPH_CA_FILE`, `SMS_WEBHOOK_CA_FILE`, `HELPDESK_CA_FILE`,
 * `AD_CA_FILE`), read once at startup. A file holding no certificate fails here, by name, rather
 * than as a TLS error on the first request.
 */
export function readCaFile(file: string): string {
  const pem = readFileSync(file, 'utf8');
  if (!PEM_CERTIFICATE.test(pem)) throw new Error(`${file} holds no PEM certificate`);
  return pem;
}

/**
 * An HTTPS agent that trusts the given CA(s) **instead of** the public ones (Node's `ca`), for every
 * client that takes an agent: node:https, the Graph transport, @azure/identity's pipeline, MSAL's
 * network client. Node's global `fetch` (undici) takes no agent, which is why none of these use it.
 * Kept-alive sockets, as Node's global agent does.
 */
export function privateCaAgent(caPem: string, options: { readonly keepAlive?: boolean } = {}): Agent {
  return new Agent({ ca: caPem, keepAlive: options.keepAlive ?? true });
}

export interface HttpsRequest {
  readonly method: string;
  readonly headers?: Readonly<Record<string, string | number>>;
  readonly body?: string | Buffer;
  /** Without one, Node's global agent (the public CAs). */
  readonly agent?: Agent;
  readonly signal?: AbortSignal;
  /** Socket inactivity limit; the request fails with "no answer within … ms". */
  readonly timeoutMs?: number;
}

export interface HttpsAnswer {
  readonly status: number;
  /** Repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** One HTTPS exchange, the whole answer buffered: the small JSON APIs these clients talk to. */
export function sendHttps(url: URL, options: HttpsRequest): Promise<HttpsAnswer> {
  const where = `${options.method} ${url.host}`;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method,
        headers: { ...options.headers },
        ...(options.agent ? { agent: options.agent } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs !== undefined ? { timeout: options.timeoutMs } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: flatten(res.headers),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${where}: no answer within ${options.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
