import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type Agent } from 'node:https';
import type { SmsConfig } from '../config';
import { errorText } from '../lib/errorText';
import { privateCaAgent, readCaFile } from '../lib/privateCa';
import { fail, pass, warn, type CheckResult } from './checklist';

/** Whether the provider is configured and its host answers (TLS handshake + HEAD); never sends an SMS. */
export async function checkSms(sms: SmsConfig, production: boolean): Promise<CheckResult[]> {
  if (sms.kind === 'console')
    return production
      ? [fail('SMS provider', 'console (prints codes)', 'set SMS_PROVIDER=acs or webhook')]
      : [
          warn(
            'SMS provider',
            'console: codes are printed on the terminal (demo only)',
            'set SMS_PROVIDER=acs or webhook before go-live',
          ),
        ];
  if (sms.kind === 'webhook') {
    const agent =
      sms.caFile !== undefined && sms.url.protocol === 'https:'
        ? privateCaAgent(readCaFile(sms.caFile), { keepAlive: false })
        : undefined;
    return [
      pass('SMS provider', `webhook ${sms.url.origin}`),
      await reachable(sms.url, sms.timeoutMs, agent),
    ];
  }
  const endpoint = 'endpoint' in sms.auth ? sms.auth.endpoint : endpointOf(sms.auth.connectionString);
  const results = [pass('SMS provider', `Azure Communication Services, sender ${sms.from}`)];
  if (endpoint === undefined)
    return [
      ...results,
      fail(
        'ACS endpoint',
        'no endpoint= in ACS_CONNECTION_STRING',
        "copy the connection string from the ACS resource's Keys page",
      ),
    ];
  return [...results, await reachable(new URL(endpoint), sms.timeoutMs, undefined)];
}

function endpointOf(connectionString: string): string | undefined {
  return /(?:^|;)\s*endpoint=([^;]+)/i.exec(connectionString)?.[1]?.trim();
}

/** A HEAD to the host: any HTTP answer proves DNS, TCP and (for https) the certificate. */
function reachable(url: URL, timeoutMs: number, agent: Agent | undefined): Promise<CheckResult> {
  const title = `Reach ${url.origin}`;
  return new Promise((resolve) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'HEAD', timeout: timeoutMs, ...(agent ? { agent } : {}) }, (res) => {
      res.resume();
      resolve(
        pass(
          title,
          `${url.protocol === 'https:' ? 'TLS ok, ' : ''}answered HTTP ${res.statusCode ?? '?'} to HEAD`,
        ),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) =>
      resolve(
        fail(
          title,
          errorText(error),
          /certificate|self[- ]signed/i.test(error.message)
            ? "trust the gateway's CA with SMS_WEBHOOK_CA_FILE"
            : 'check the URL, DNS and that outbound HTTPS to the gateway is allowed',
        ),
      ),
    );
    req.end();
  });
}
