import { z } from 'zod';
import { int, isReadableFile, optionalText, problem, urlWith, type ConfigContext } from './fields';
import { parseBodyTemplate } from './rules/bodyTemplate';
import { MAX_ORG_NAME_LENGTH, orgNameProblem } from './rules/gsm7';
import { isKnownCountry } from '../lib/phoneNumber';
import { isAlphanumericSenderId, isE164 } from './rules/senderId';

export const smsSettings = z.object({
  SMS_PROVIDER: z
    .enum(['console', 'webhook', 'acs'])
    .optional()
    .describe(
      '`console` prints the SMS on the terminal (demo default); `acs` sends through Azure Communication Services; `webhook` sends to an HTTPS gateway.',
    ),
  SMS_FROM: optionalText.describe(
    'Sender shown on the phone for `SMS_PROVIDER=acs`: an alphanumeric sender id (1–11 letters, digits, spaces; at least one letter) or an E.164 number the ACS resource owns.',
  ),
  ACS_CONNECTION_STRING: optionalText.describe(
    'ACS connection string (`endpoint=https://…;accesskey=…`) for `SMS_PROVIDER=acs`. Keep it in Key Vault; or use `ACS_ENDPOINT` with a managed identity instead.',
  ),
  ACS_ENDPOINT: optionalText.describe(
    'ACS endpoint (`https://<resource>.communication.azure.com`) when authenticating with Entra ID instead of a connection string.',
  ),
  ACS_MANAGED_IDENTITY_CLIENT_ID: optionalText.describe(
    'Client id of the user-assigned managed identity for `ACS_ENDPOINT`; empty = DefaultAzureCredential (system-assigned identity, Azure CLI, …).',
  ),
  SMS_WEBHOOK_URL: optionalText.describe(
    'Gateway URL for `SMS_PROVIDER=webhook` (https; plain http only to loopback).',
  ),
  SMS_WEBHOOK_METHOD: z.enum(['POST', 'PUT']).default('POST').describe('HTTP method for the webhook.'),
  SMS_WEBHOOK_HEADERS: optionalText.describe(
    'Extra request headers for the webhook as a JSON object, e.g. `{"Authorization":"Bearer …"}`.',
  ),
  SMS_WEBHOOK_BODY_TEMPLATE: optionalText.describe(
    'JSON body for the webhook with `{{to}}`, `{{message}}`, `{{caseId}}` placeholders in string values, e.g. `{"recipient":"{{to}}","text":"{{message}}","sender":"Kommunen"}`. Default `{"to":"{{to}}","message":"{{message}}"}`.',
  ),
  SMS_WEBHOOK_CA_FILE: optionalText.describe(
    'PEM file of the CA(s) to trust for the webhook instead of the public ones (a gateway behind a private CA).',
  ),
  SMS_TIMEOUT_MS: int(5000, 100, 14000).describe(
    "Give up on the SMS provider after this long (retries included); keeps the turn inside Teams' 15 s.",
  ),
  SMS_ALLOWED_COUNTRIES: z
    .string()
    .default('SE')
    .describe('Comma-separated country codes whose mobile numbers may receive codes (`SE`, `SE,NO`).'),
  SMS_HOURLY_BUDGET: int(200, 1, 100_000).describe(
    'Codes the whole service sends per hour at most (toll-fraud and cost guard); beyond it users are sent to the service desk.',
  ),
  ORG_NAME: z
    .string()
    .trim()
    .min(1)
    .superRefine((name, context) => {
      const reason = orgNameProblem(name);
      if (reason !== undefined) context.addIssue({ code: z.ZodIssueCode.custom, message: reason });
    })
    .default('Kommunen')
    .describe(
      `Organisation name used in the SMS: at most ${MAX_ORG_NAME_LENGTH} characters of the GSM-7 alphabet, so the code SMS stays one segment.`,
    ),
});

/** How codes are sent; each kind carries exactly its provider's settings. */
export type SmsConfig =
  | { readonly kind: 'console' }
  | {
      readonly kind: 'webhook';
      readonly url: URL;
      readonly method: 'POST' | 'PUT';
      readonly headers: Readonly<Record<string, string>>;
      readonly bodyTemplate?: string;
      /** PEM file of the CA(s) to trust instead of the public ones. */
      readonly caFile?: string;
      readonly timeoutMs: number;
    }
  | {
      readonly kind: 'acs';
      /** A connection string, or an endpoint reached with a managed identity (`clientId`) or DefaultAzureCredential. */
      readonly auth:
        | { readonly connectionString: string }
        | { readonly endpoint: string; readonly managedIdentityClientId?: string };
      readonly from: string;
      readonly timeoutMs: number;
    };

/** Who may be sent a code and how many per hour, whichever provider sends it. */
export interface SmsRules {
  readonly allowedCountries: readonly string[];
  readonly hourlyBudget: number;
}

export interface SmsPart {
  readonly sms: SmsConfig;
  readonly smsRules: SmsRules;
  readonly orgName: string;
}

type SmsSettings = z.infer<typeof smsSettings>;
export type SmsProvider = SmsConfig['kind'];

/** SMS_PROVIDER as it applies: the console is the default outside production only. */
export function smsProvider(
  settings: { readonly SMS_PROVIDER?: SmsProvider | undefined },
  { production }: ConfigContext,
): SmsProvider | undefined {
  return settings.SMS_PROVIDER ?? (production ? undefined : 'console');
}

const headersSchema = z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string());

export const smsConfig = (context: ConfigContext) =>
  smsSettings
    .superRefine((settings, issues) => {
      const provider = smsProvider(settings, context);
      if (provider === undefined) problem(issues, 'SMS_PROVIDER', 'required in production');
      if (context.production && provider === 'console')
        problem(issues, 'SMS_PROVIDER', 'console SMS is not allowed in production');
      if (provider === 'webhook') checkWebhook(settings, context, issues);
      if (provider === 'acs') checkAcs(settings, issues);
      const countries = allowedCountries(settings);
      const unknown = countries.filter((code) => !isKnownCountry(code));
      if (countries.length === 0 || unknown.length > 0)
        problem(
          issues,
          'SMS_ALLOWED_COUNTRIES',
          `expected ISO country codes such as SE or SE,NO${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
        );
    })
    .transform((settings): SmsPart => ({
      sms: providerConfig(settings, smsProvider(settings, context)),
      smsRules: { allowedCountries: allowedCountries(settings), hourlyBudget: settings.SMS_HOURLY_BUDGET },
      orgName: settings.ORG_NAME,
    }));

function allowedCountries(settings: SmsSettings): string[] {
  return settings.SMS_ALLOWED_COUNTRIES.split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
}

function checkWebhook(settings: SmsSettings, { production }: ConfigContext, issues: z.RefinementCtx): void {
  const url = settings.SMS_WEBHOOK_URL;
  if (url === undefined) problem(issues, 'SMS_WEBHOOK_URL', 'required for SMS_PROVIDER=webhook');
  else if (!URL.canParse(url)) problem(issues, 'SMS_WEBHOOK_URL', 'not a valid URL');
  else {
    const { protocol } = new URL(url);
    if (production && protocol !== 'https:')
      problem(issues, 'SMS_WEBHOOK_URL', 'must be https:// in production');
    if (protocol !== 'https:' && protocol !== 'http:') problem(issues, 'SMS_WEBHOOK_URL', 'must be http(s)');
  }
  // The headers often hold an API key: a problem names the setting, never its text.
  const headers = settings.SMS_WEBHOOK_HEADERS;
  if (headers !== undefined) {
    let value: unknown;
    try {
      value = JSON.parse(headers);
    } catch {
      value = undefined;
      problem(
        issues,
        'SMS_WEBHOOK_HEADERS',
        'not valid JSON (expected an object of header names to strings)',
      );
    }
    if (value !== undefined && !headersSchema.safeParse(value).success)
      problem(issues, 'SMS_WEBHOOK_HEADERS', 'expected a JSON object of header names to string values');
  }
  const template = settings.SMS_WEBHOOK_BODY_TEMPLATE;
  if (template !== undefined) {
    try {
      parseBodyTemplate(template);
    } catch (error) {
      problem(issues, 'SMS_WEBHOOK_BODY_TEMPLATE', error instanceof Error ? error.message : String(error));
    }
  }
  const caFile = settings.SMS_WEBHOOK_CA_FILE;
  if (caFile !== undefined && !isReadableFile(caFile))
    problem(issues, 'SMS_WEBHOOK_CA_FILE', 'not a readable file');
}

function checkAcs(settings: SmsSettings, issues: z.RefinementCtx): void {
  const { ACS_CONNECTION_STRING: connectionString, ACS_ENDPOINT: endpoint, SMS_FROM: from } = settings;
  if (connectionString === undefined && endpoint === undefined)
    problem(issues, 'ACS_CONNECTION_STRING', 'required for SMS_PROVIDER=acs (or set ACS_ENDPOINT)');
  if (connectionString !== undefined && endpoint !== undefined)
    problem(issues, 'ACS_ENDPOINT', 'set either ACS_CONNECTION_STRING or ACS_ENDPOINT, not both');
  if (connectionString !== undefined && !/endpoint=https:\/\/[^;]+;accesskey=[^;]+/i.test(connectionString))
    problem(issues, 'ACS_CONNECTION_STRING', 'expected endpoint=https://…;accesskey=…');
  if (endpoint !== undefined && !/^https:\/\/[^/\s]+\/?$/.test(endpoint))
    problem(issues, 'ACS_ENDPOINT', 'expected https://<resource>.communication.azure.com');
  if (from === undefined) problem(issues, 'SMS_FROM', 'required for SMS_PROVIDER=acs');
  else if (!isAlphanumericSenderId(from) && !isE164(from))
    problem(
      issues,
      'SMS_FROM',
      'an alphanumeric sender id (1–11 of A–Z, a–z, 0–9, space; at least one letter) or an E.164 number',
    );
}

/** Only called once the checks above found nothing wrong. */
function providerConfig(settings: SmsSettings, provider: SmsProvider | undefined): SmsConfig {
  const timeoutMs = settings.SMS_TIMEOUT_MS;
  if (provider === 'webhook') {
    const template = settings.SMS_WEBHOOK_BODY_TEMPLATE;
    const caFile = settings.SMS_WEBHOOK_CA_FILE;
    const headers = settings.SMS_WEBHOOK_HEADERS;
    return {
      kind: 'webhook',
      url: urlWith(settings.SMS_WEBHOOK_URL ?? '', ['http:', 'https:']) ?? new URL('http://invalid.invalid'),
      method: settings.SMS_WEBHOOK_METHOD,
      headers: headers !== undefined ? headersSchema.parse(JSON.parse(headers)) : {},
      ...(template !== undefined ? { bodyTemplate: template } : {}),
      ...(caFile !== undefined ? { caFile } : {}),
      timeoutMs,
    };
  }
  if (provider === 'acs') {
    const { ACS_CONNECTION_STRING: connectionString, ACS_MANAGED_IDENTITY_CLIENT_ID: clientId } = settings;
    return {
      kind: 'acs',
      auth:
        connectionString !== undefined
          ? { connectionString }
          : {
              endpoint: settings.ACS_ENDPOINT ?? '',
              ...(clientId !== undefined ? { managedIdentityClientId: clientId } : {}),
            },
      from: settings.SMS_FROM ?? '',
      timeoutMs,
    };
  }
  return { kind: 'console' };
}
