import type { SmsConfig, SmsRules } from '../config';
import { readCaFile } from '../lib/privateCa';
import type { SmsSender } from '../reset/ports';
import { ConsoleSmsSender } from './consoleSms';
import { MobileNumberGuard } from './phoneNumber';
import { WebhookSmsSender } from './webhookSms';

export interface SmsSenderDeps {
  /** Where the console SMS prints (the demo's "phone"); stdout when absent. */
  readonly consoleOut?: NodeJS.WritableStream;
}

/** The configured provider behind the number guard: only mobile numbers in allowed countries get an SMS. */
export async function createSmsSender(
  options: SmsConfig,
  rules: Pick<SmsRules, 'allowedCountries'>,
  deps: SmsSenderDeps = {},
): Promise<SmsSender> {
  return new MobileNumberGuard(await createProvider(options, deps), {
    allowedCountries: rules.allowedCountries,
  });
}

/** The ACS SDK and @azure/identity are loaded only when ACS is configured (they cost startup time). */
async function createProvider(options: SmsConfig, deps: SmsSenderDeps): Promise<SmsSender> {
  switch (options.kind) {
    case 'webhook':
      return new WebhookSmsSender({
        url: options.url,
        method: options.method,
        headers: options.headers,
        timeoutMs: options.timeoutMs,
        ...(options.bodyTemplate !== undefined ? { bodyTemplate: options.bodyTemplate } : {}),
        ...(options.caFile !== undefined ? { ca: readCaFile(options.caFile) } : {}),
      });
    case 'acs': {
      const { auth } = options;
      const [{ AcsSmsSender }, { DefaultAzureCredential, ManagedIdentityCredential }] = await Promise.all([
        import('./acsSms'),
        import('@azure/identity'),
      ]);
      return new AcsSmsSender({
        auth:
          'connectionString' in auth
            ? auth
            : {
                endpoint: auth.endpoint,
                credential:
                  auth.managedIdentityClientId !== undefined
                    ? new ManagedIdentityCredential({ clientId: auth.managedIdentityClientId })
                    : new DefaultAzureCredential(),
              },
        from: options.from,
        timeoutMs: options.timeoutMs,
      });
    }
    case 'console':
      return new ConsoleSmsSender(deps.consoleOut);
  }
}
