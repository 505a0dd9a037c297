import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * MSAL's network client over node https, trusting only the given CA(s) (HELPDESK_CA_FILE): MSAL's
 * own client uses `fetch`, which takes no per-request CA. Answers are JSON whatever the status,
 * as MSAL expects; the caller reads `error` from the body.
 */
export function networkClientTrusting(caPem: string, timeoutMs = DEFAULT_TIMEOUT_MS): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, caPem, options, timeout ?? timeoutMs),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, caPem, options, timeoutMs),
  };
}

function send<T>(
  method: 'GET' | 'POST',
  url: string,
  ca: string,
  options: NetworkRequestOptions | undefined,
  timeoutMs: number,
): Promise<NetworkResponse<T>> {
  const body = method === 'POST' ? Buffer.from(options?.body ?? '', 'utf8') : undefined;
  const headers: Record<string, string | number> = { ...options?.headers };
  if (body !== undefined) headers['content-length'] = body.length;
  const where = `${method} ${new URL(url).host}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
          resolve({ status, headers: flatten(res.headers), body: parsed });
        } catch {
          reject(new Error(`${where}: the answer (HTTP ${status}) is not JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${where}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
