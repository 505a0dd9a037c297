import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { privateCaAgent, sendHttps } from '../lib/privateCa';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * MSAL's network client over node https, trusting only the given CA(s) (HELPDESK_CA_FILE): MSAL's
 * own client uses `fetch`, which takes no per-request CA. Answers are JSON whatever the status,
 * as MSAL expects; the caller reads `error` from the body.
 */
export function networkClientTrusting(caPem: string, timeoutMs = DEFAULT_TIMEOUT_MS): INetworkModule {
  const agent = privateCaAgent(caPem);
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions, timeout?: number) =>
      send<T>('GET', url, agent, options, timeout ?? timeoutMs),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>('POST', url, agent, options, timeoutMs),
  };
}

async function send<T>(
  method: 'GET' | 'POST',
  url: string,
  agent: ReturnType<typeof privateCaAgent>,
  options: NetworkRequestOptions | undefined,
  timeoutMs: number,
): Promise<NetworkResponse<T>> {
  const body = method === 'POST' ? Buffer.from(options?.body ?? '', 'utf8') : undefined;
  const headers: Record<string, string | number> = { ...options?.headers };
  if (body !== undefined) headers['content-length'] = body.length;
  const target = new URL(url);
  const answer = await sendHttps(target, { method, headers, agent, timeoutMs, ...(body ? { body } : {}) });
  try {
    return {
      status: answer.status,
      headers: answer.headers,
      body: JSON.parse(answer.body.toString('utf8')) as T,
    };
  } catch {
    throw new Error(`${method} ${target.host}: the answer (HTTP ${answer.status}) is not JSON`);
  }
}
