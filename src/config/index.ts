import { randomBytes } from 'node:crypto';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { adConfigFrom, type AdConfig } from '../ad/adConfig';
import { graphConfigFrom, type GraphConfig } from '../graph/graphConfig';
import { isKnownCountry } from '../sms/phoneNumber';
import { isAlphanumericSenderId, isE164 } from '../sms/senderId';
import { parseBodyTemplate } from '../sms/webhookSms';
import { settingsSchema, type Settings } from './schema';

export { settingsSchema, type Settings } from './schema';

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

export interface Config {
  readonly production: boolean;
  /** Nothing was configured: demo directory, console SMS, no bot credentials. */
  readonly demo: boolean;
  readonly port: number;
  readonly host: string;
  readonly logLevel: Settings['LOG_LEVEL'];
  readonly bot: {
    readonly appId?: string;
    readonly appPassword?: string;
    readonly appType?: 'SingleTenant' | 'UserAssignedMSI';
    readonly tenantId?: string;
    /** Where the channel tokens' signing keys are published; absent = the public cloud's. */
    readonly openIdMetadataUrl?: string;
  };
  /** `file` absent: the bundled sample directory. */
  readonly directory: { readonly kind: 'demo' | 'graph' | 'ad' | 'hybrid'; readonly file?: string };
  /** Set when `DIRECTORY=ad` or `hybrid`. */
  readonly ad?: AdConfig;
  /** Set when `DIRECTORY=graph` or `hybrid`. */
  readonly graph?: GraphConfig;
  readonly sms: SmsConfig;
  readonly smsRules: SmsRules;
  readonly orgName: string;
  readonly servicedeskPhone: string;
  readonly codes: {
    readonly hashSecret: string;
    readonly hashSecretGenerated: boolean;
    readonly ttlMinutes: number;
    readonly maxAttempts: number;
    readonly resendCooldownSeconds: number;
  };
  readonly throttle: { readonly smsPerAccountPerHour: number; readonly blockHours: number };
  readonly caseIdleMinutes: number;
  /** The account `npm run doctor` looks up (read only). */
  readonly doctorTestAccount?: string;
  readonly security: {
    /** Empty: every tenant (development only). */
    readonly allowedTenantIds: readonly string[];
    /** Bot Framework channel ids answered (`msteams` by default); activities of others are dropped. */
    readonly allowedChannels: readonly string[];
    readonly casesPerRequesterPerHour: number;
    readonly wrongCodesPerAccountPerDay: number;
    readonly uniformAnswerMinMs: number;
    readonly passwordBlocklistFile?: string;
  };
  readonly storage: {
    readonly kind: 'sqlite' | 'azure' | 'memory';
    readonly sqliteFile: string;
    /** `STORAGE=azure`: a connection string, or the two endpoints reached with a managed identity. */
    readonly azure?:
      { readonly connectionString: string } | { readonly blobUrl: string; readonly tableUrl: string };
    readonly transcriptRetentionDays: number;
    readonly auditRetentionDays: number;
  };
  /** Base URL (no trailing slash) for links in alerts and the sign-in redirect. */
  readonly publicUrl: string;
  /** PUBLIC_URL was given; otherwise the app uses the address it actually listens on (PORT=0 in tests). */
  readonly publicUrlSet: boolean;
  readonly helpdesk: HelpdeskConfig;
  readonly alerts: AlertsConfig;
  readonly playground: {
    readonly enabled: boolean;
    readonly port: number;
    readonly locale: string;
    readonly headless: boolean;
  };
  /** Things an operator should know at startup that are not errors (demo mode, generated secret). */
  readonly warnings: readonly string[];
}

export interface HelpdeskConfig {
  /** Entra sign-in (authorization code + PKCE); absent outside production = the one-time link. */
  readonly entra?: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authorityHost: string;
    readonly caFile?: string;
  };
  readonly role: string;
  readonly groupId?: string;
  readonly sessionSecret: string;
  readonly sessionSecretGenerated: boolean;
  readonly sessionHours: number;
  /** No Entra sign-in outside production: a one-time sign-in link is printed at startup. */
  readonly oneTimeLink: boolean;
}

export interface AlertsConfig {
  /** Only this team's channel is learnt at install (any team outside production when absent). */
  readonly teamId?: string;
  /** A configured channel wins over the learnt one. */
  readonly channelId?: string;
  readonly serviceUrl: string;
}

/** Startup stops with every problem at once, so an operator fixes the configuration in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const known = pickKnown(env);
  const parsed = settingsSchema.safeParse(known);
  const invalidKeys = new Set(
    parsed.success ? [] : parsed.error.issues.map((issue) => String(issue.path[0])),
  );
  // Invalid values are replaced by their defaults so that the checks below still run: the operator
  // then sees every problem in one error, not one batch per restart.
  const settings = parsed.success ? parsed.data : settingsSchema.parse(without(known, invalidKeys));
  const invalidValues = parsed.success ? [] : parsed.error.issues.map(formatIssue);
  const problems: string[] = [];
  const warnings: string[] = [];
  const production = settings.NODE_ENV === 'production';

  const directory = settings.DIRECTORY ?? (production ? undefined : 'demo');
  if (!directory) problems.push('DIRECTORY: required in production');
  if (production && directory === 'demo')
    problems.push('DIRECTORY: the demo directory is not allowed in production');

  const smsProvider = settings.SMS_PROVIDER ?? (production ? undefined : 'console');
  if (!smsProvider) problems.push('SMS_PROVIDER: required in production');
  if (production && smsProvider === 'console')
    problems.push('SMS_PROVIDER: console SMS is not allowed in production');
  const sms =
    smsProvider === 'webhook'
      ? webhookConfig(settings, production, problems)
      : smsProvider === 'acs'
        ? acsConfig(settings, problems)
        : { kind: 'console' as const };
  const smsRules = smsRulesConfig(settings, problems);

  const bot = botConfig(settings, production, problems);
  const allowedTenantIds = tenantAllowList(settings, production, problems);
  // Hybrid needs both sides: Graph finds accounts, AD writes the synced ones.
  const graph =
    directory === 'graph' || directory === 'hybrid' ? graphConfigFrom(settings, problems) : undefined;
  const ad = directory === 'ad' || directory === 'hybrid' ? adConfigFrom(settings, problems) : undefined;

  const { secret: hashSecret, generated: hashSecretGenerated } = secretOrGenerated(
    'CODE_HASH_SECRET',
    settings.CODE_HASH_SECRET,
    'a random one is used, so codes do not survive a restart',
    { production, problems, warnings },
  );

  const demo = directory === 'demo' && smsProvider === 'console' && bot.appId === undefined;
  if (bot.appId === undefined && !production) {
    warnings.push(
      'MicrosoftAppId is not set: incoming requests are NOT authenticated (demo/development only)',
    );
  }
  const azureStorage = azureStorageAccess(settings, problems);
  if (settings.STORAGE === 'memory' && production) {
    warnings.push('STORAGE=memory: cases, audit and transcripts are lost when the bot restarts');
  }
  const publicUrl = publicUrlFrom(settings, production, problems);
  const helpdesk = helpdeskConfig(settings, production, problems, warnings);
  const alerts = alertsConfig(settings, production, problems);
  const otherProblems = problems.filter((problem) => !invalidKeys.has(problem.split(':')[0] ?? ''));
  if (invalidValues.length + otherProblems.length > 0)
    throw new ConfigError([...invalidValues, ...otherProblems]);

  const playgroundEnabled = settings.PLAYGROUND === 'true' || (settings.PLAYGROUND === 'auto' && demo);
  return deepFreeze({
    production,
    demo,
    port: settings.PORT,
    host: settings.HOST,
    logLevel: settings.LOG_LEVEL,
    bot,
    directory: {
      kind:
        directory === 'graph' || directory === 'ad' || directory === 'hybrid' ? directory : ('demo' as const),
      ...(settings.DEMO_DIRECTORY_FILE !== undefined ? { file: settings.DEMO_DIRECTORY_FILE } : {}),
    },
    ...(graph !== undefined ? { graph } : {}),
    ...(ad !== undefined ? { ad } : {}),
    ...(settings.DOCTOR_TEST_ACCOUNT !== undefined
      ? { doctorTestAccount: settings.DOCTOR_TEST_ACCOUNT }
      : {}),
    sms,
    smsRules,
    orgName: settings.ORG_NAME,
    servicedeskPhone: settings.SERVICEDESK_PHONE,
    codes: {
      hashSecret,
      hashSecretGenerated,
      ttlMinutes: settings.CODE_TTL_MINUTES,
      maxAttempts: settings.CODE_MAX_ATTEMPTS,
      resendCooldownSeconds: settings.CODE_RESEND_COOLDOWN_SECONDS,
    },
    throttle: {
      smsPerAccountPerHour: settings.SMS_PER_ACCOUNT_PER_HOUR,
      blockHours: settings.SMS_BLOCK_HOURS,
    },
    caseIdleMinutes: settings.CASE_IDLE_MINUTES,
    security: {
      allowedTenantIds,
      allowedChannels: channelAllowList(settings.ALLOWED_CHANNELS, problems),
      casesPerRequesterPerHour: settings.CASES_PER_REQUESTER_PER_HOUR,
      wrongCodesPerAccountPerDay: settings.WRONG_CODES_PER_ACCOUNT_PER_DAY,
      uniformAnswerMinMs: settings.UNIFORM_ANSWER_MIN_MS,
      ...(settings.PASSWORD_BLOCKLIST_FILE !== undefined
        ? { passwordBlocklistFile: settings.PASSWORD_BLOCKLIST_FILE }
        : {}),
    },
    storage: {
      kind: settings.STORAGE,
      sqliteFile: settings.SQLITE_FILE,
      ...(azureStorage !== undefined ? { azure: azureStorage } : {}),
      transcriptRetentionDays: settings.TRANSCRIPT_RETENTION_DAYS,
      auditRetentionDays: settings.AUDIT_RETENTION_DAYS,
    },
    publicUrl,
    publicUrlSet: settings.PUBLIC_URL !== undefined,
    helpdesk,
    alerts,
    playground: {
      enabled: playgroundEnabled,
      port: settings.PLAYGROUND_PORT,
      locale: settings.PLAYGROUND_LOCALE,
      headless: process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'],
    },
    warnings,
  });
}

/** Links must work from a phone in Teams: https in production, the local server otherwise. */
function publicUrlFrom(settings: Settings, production: boolean, problems: string[]): string {
  const value = settings.PUBLIC_URL;
  if (value === undefined) {
    if (production) problems.push('PUBLIC_URL: required in production (links in alerts, sign-in redirect)');
    return `http://127.0.0.1:${settings.PORT}`;
  }
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    problems.push('PUBLIC_URL: must be an http(s):// URL');
    return `http://127.0.0.1:${settings.PORT}`;
  }
  const url = new URL(value);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    problems.push('PUBLIC_URL: only scheme, host and path (no query, fragment or user)');
  }
  if (production && url.protocol !== 'https:') problems.push('PUBLIC_URL: must be https in production');
  return value.replace(/\/+$/, '');
}

function helpdeskConfig(
  settings: Settings,
  production: boolean,
  problems: string[],
  warnings: string[],
): HelpdeskConfig {
  const tenantId = settings.HELPDESK_TENANT_ID ?? settings.MicrosoftAppTenantId;
  const clientId = settings.HELPDESK_CLIENT_ID;
  const clientSecret = settings.HELPDESK_CLIENT_SECRET;
  let entra: HelpdeskConfig['entra'];
  if (clientId !== undefined) {
    if (tenantId === undefined) problems.push('HELPDESK_TENANT_ID: required when HELPDESK_CLIENT_ID is set');
    else if (!GUID.test(tenantId)) problems.push('HELPDESK_TENANT_ID: must be the tenant id (GUID)');
    if (clientSecret === undefined) {
      problems.push('HELPDESK_CLIENT_SECRET: required when HELPDESK_CLIENT_ID is set');
    }
    const caFile = settings.HELPDESK_CA_FILE;
    if (caFile !== undefined && !isReadableFile(caFile))
      problems.push('HELPDESK_CA_FILE: not a readable file');
    const host = settings.HELPDESK_AUTHORITY_HOST;
    if (!URL.canParse(host) || new URL(host).protocol !== 'https:') {
      problems.push('HELPDESK_AUTHORITY_HOST: must be an https:// URL');
    } else if (tenantId !== undefined && clientSecret !== undefined) {
      entra = {
        tenantId,
        clientId,
        clientSecret,
        authorityHost: host.replace(/\/+$/, ''),
        ...(caFile !== undefined ? { caFile } : {}),
      };
    }
  } else if (production) {
    problems.push('HELPDESK_CLIENT_ID: required in production (the service desk signs in with Entra ID)');
  }
  if (settings.HELPDESK_GROUP_ID !== undefined && !GUID.test(settings.HELPDESK_GROUP_ID)) {
    problems.push('HELPDESK_GROUP_ID: must be a group object id (GUID)');
  }
  const { secret: sessionSecret, generated: sessionSecretGenerated } = secretOrGenerated(
    'HELPDESK_SESSION_SECRET',
    settings.HELPDESK_SESSION_SECRET,
    'service-desk sign-ins end when the bot restarts',
    { production, problems, warnings },
  );
  return {
    ...(entra !== undefined ? { entra } : {}),
    role: settings.HELPDESK_ROLE,
    ...(settings.HELPDESK_GROUP_ID !== undefined
      ? { groupId: settings.HELPDESK_GROUP_ID.toLowerCase() }
      : {}),
    sessionSecret,
    sessionSecretGenerated,
    sessionHours: settings.HELPDESK_SESSION_HOURS,
    oneTimeLink: !production && clientId === undefined,
  };
}

const TEAMS_THREAD = /^19:[A-Za-z0-9_-]+@thread\.(tacv2|skype)$/;

function alertsConfig(settings: Settings, production: boolean, problems: string[]): AlertsConfig {
  for (const key of ['ALERT_TEAM_ID', 'ALERT_CHANNEL_ID'] as const) {
    const value = settings[key];
    if (value !== undefined && !TEAMS_THREAD.test(value)) {
      problems.push(`${key}: must look like 19:…@thread.tacv2`);
    }
  }
  if (production && settings.ALERT_TEAM_ID === undefined && settings.ALERT_CHANNEL_ID === undefined) {
    problems.push(
      "ALERT_TEAM_ID: required in production unless ALERT_CHANNEL_ID is set (alerts go to the service desk's team only)",
    );
  }
  const serviceUrl = settings.ALERT_SERVICE_URL;
  if (!URL.canParse(serviceUrl) || !/^https?:$/.test(new URL(serviceUrl).protocol)) {
    problems.push('ALERT_SERVICE_URL: must be an http(s):// URL');
  } else if (production && new URL(serviceUrl).protocol !== 'https:') {
    // The bot sends its token there.
    problems.push('ALERT_SERVICE_URL: must be https in production');
  }
  return {
    ...(settings.ALERT_TEAM_ID !== undefined ? { teamId: settings.ALERT_TEAM_ID } : {}),
    ...(settings.ALERT_CHANNEL_ID !== undefined ? { channelId: settings.ALERT_CHANNEL_ID } : {}),
    serviceUrl,
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `STORAGE=azure` needs a connection string or both https endpoints (managed identity). */
function azureStorageAccess(settings: Settings, problems: string[]): Config['storage']['azure'] {
  if (settings.STORAGE !== 'azure') return undefined;
  if (settings.AZURE_STORAGE_CONNECTION_STRING !== undefined) {
    return { connectionString: settings.AZURE_STORAGE_CONNECTION_STRING };
  }
  const urls = { blobUrl: settings.AZURE_STORAGE_BLOB_URL, tableUrl: settings.AZURE_STORAGE_TABLE_URL };
  const [blobUrl, tableUrl] = [
    ['AZURE_STORAGE_BLOB_URL', urls.blobUrl],
    ['AZURE_STORAGE_TABLE_URL', urls.tableUrl],
  ].map(([key, value]) => {
    if (value === undefined) {
      problems.push(`${key}: required for STORAGE=azure without AZURE_STORAGE_CONNECTION_STRING`);
      return undefined;
    }
    if (!URL.canParse(value) || new URL(value).protocol !== 'https:') {
      problems.push(`${key}: must be an https:// URL`);
      return undefined;
    }
    return value;
  });
  return blobUrl !== undefined && tableUrl !== undefined ? { blobUrl, tableUrl } : undefined;
}

/** Finding 9: the tenant and own-account checks trust `channelData`, which only Teams fills in for us. */
function channelAllowList(value: string, problems: string[]): string[] {
  const ids = value
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  for (const id of ids) {
    if (!/^[a-z0-9_.-]{1,50}$/.test(id))
      problems.push(`ALLOWED_CHANNELS: "${id.slice(0, 40)}" is not a channel id`);
  }
  if (ids.length === 0) problems.push('ALLOWED_CHANNELS: name at least one channel (msteams)');
  return ids;
}

/** Single-tenant registration does not stop other tenants' users from reaching the bot: this does. */
function tenantAllowList(settings: Settings, production: boolean, problems: string[]): string[] {
  const listed = (settings.ALLOWED_TENANT_IDS ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
  for (const id of listed) {
    if (!GUID.test(id)) problems.push(`ALLOWED_TENANT_IDS: "${id.slice(0, 40)}" is not a tenant id (GUID)`);
  }
  const ids =
    listed.length > 0
      ? listed
      : settings.MicrosoftAppTenantId
        ? [settings.MicrosoftAppTenantId.toLowerCase()]
        : [];
  if (production && ids.length === 0) {
    problems.push('ALLOWED_TENANT_IDS: required in production (or set MicrosoftAppTenantId)');
  }
  return ids;
}

function botConfig(settings: Settings, production: boolean, problems: string[]): Config['bot'] {
  const {
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppTenantId: tenantId,
  } = settings;
  const appType = settings.MicrosoftAppType;
  if (appId === undefined) {
    if (production) problems.push('MicrosoftAppId: required in production (requests must be authenticated)');
    return {};
  }
  if (appType === 'MultiTenant') {
    problems.push(
      'MicrosoftAppType: MultiTenant bots can no longer be created; use SingleTenant or UserAssignedMSI',
    );
  }
  if (appType === undefined) problems.push('MicrosoftAppType: required when MicrosoftAppId is set');
  if (tenantId === undefined) problems.push('MicrosoftAppTenantId: required when MicrosoftAppId is set');
  if (appType === 'SingleTenant' && appPassword === undefined) {
    problems.push('MicrosoftAppPassword: required for MicrosoftAppType=SingleTenant');
  }
  return {
    appId,
    ...(appPassword !== undefined ? { appPassword } : {}),
    ...(appType === 'SingleTenant' || appType === 'UserAssignedMSI' ? { appType } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...openIdMetadata(settings.BotOpenIdMetadata, production, problems),
  };
}

/** A token-signing key source other than Microsoft's is a test or sovereign-cloud setting: HTTPS in production. */
function openIdMetadata(
  value: string | undefined,
  production: boolean,
  problems: string[],
): { openIdMetadataUrl?: string } {
  if (value === undefined) return {};
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push('BotOpenIdMetadata: not a URL');
    return {};
  }
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) {
    problems.push('BotOpenIdMetadata: must be an https:// URL');
    return {};
  }
  return { openIdMetadataUrl: url.href };
}

function webhookConfig(settings: Settings, production: boolean, problems: string[]): SmsConfig {
  let url: URL | undefined;
  if (settings.SMS_WEBHOOK_URL === undefined) {
    problems.push('SMS_WEBHOOK_URL: required for SMS_PROVIDER=webhook');
  } else {
    try {
      url = new URL(settings.SMS_WEBHOOK_URL);
      if (production && url.protocol !== 'https:')
        problems.push('SMS_WEBHOOK_URL: must be https:// in production');
      if (url.protocol !== 'https:' && url.protocol !== 'http:')
        problems.push('SMS_WEBHOOK_URL: must be http(s)');
    } catch {
      problems.push('SMS_WEBHOOK_URL: not a valid URL');
    }
  }
  const headers = parseHeaders(settings.SMS_WEBHOOK_HEADERS, problems);
  const template = settings.SMS_WEBHOOK_BODY_TEMPLATE;
  if (template !== undefined) {
    try {
      parseBodyTemplate(template);
    } catch (error) {
      problems.push(`SMS_WEBHOOK_BODY_TEMPLATE: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const caFile = settings.SMS_WEBHOOK_CA_FILE;
  if (caFile !== undefined && !isReadableFile(caFile))
    problems.push('SMS_WEBHOOK_CA_FILE: not a readable file');
  return {
    kind: 'webhook',
    url: url ?? new URL('http://invalid.invalid'),
    method: settings.SMS_WEBHOOK_METHOD,
    headers,
    ...(template !== undefined ? { bodyTemplate: template } : {}),
    ...(caFile !== undefined ? { caFile } : {}),
    timeoutMs: settings.SMS_TIMEOUT_MS,
  };
}

function acsConfig(settings: Settings, problems: string[]): SmsConfig {
  const { ACS_CONNECTION_STRING: connectionString, ACS_ENDPOINT: endpoint, SMS_FROM: from } = settings;
  if (connectionString === undefined && endpoint === undefined)
    problems.push('ACS_CONNECTION_STRING: required for SMS_PROVIDER=acs (or set ACS_ENDPOINT)');
  if (connectionString !== undefined && endpoint !== undefined)
    problems.push('ACS_ENDPOINT: set either ACS_CONNECTION_STRING or ACS_ENDPOINT, not both');
  if (connectionString !== undefined && !/endpoint=https:\/\/[^;]+;accesskey=[^;]+/i.test(connectionString))
    problems.push('ACS_CONNECTION_STRING: expected endpoint=https://…;accesskey=…');
  if (endpoint !== undefined && !/^https:\/\/[^/\s]+\/?$/.test(endpoint))
    problems.push('ACS_ENDPOINT: expected https://<resource>.communication.azure.com');
  if (from === undefined) problems.push('SMS_FROM: required for SMS_PROVIDER=acs');
  else if (!isAlphanumericSenderId(from) && !isE164(from))
    problems.push(
      'SMS_FROM: an alphanumeric sender id (1–11 of A–Z, a–z, 0–9, space; at least one letter) or an E.164 number',
    );
  const clientId = settings.ACS_MANAGED_IDENTITY_CLIENT_ID;
  return {
    kind: 'acs',
    auth:
      connectionString !== undefined
        ? { connectionString }
        : {
            endpoint: endpoint ?? '',
            ...(clientId !== undefined ? { managedIdentityClientId: clientId } : {}),
          },
    from: from ?? '',
    timeoutMs: settings.SMS_TIMEOUT_MS,
  };
}

function smsRulesConfig(settings: Settings, problems: string[]): SmsRules {
  const allowedCountries = settings.SMS_ALLOWED_COUNTRIES.split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
  const unknown = allowedCountries.filter((code) => !isKnownCountry(code));
  if (allowedCountries.length === 0 || unknown.length > 0)
    problems.push(
      `SMS_ALLOWED_COUNTRIES: expected ISO country codes such as SE or SE,NO${unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : ''}`,
    );
  return { allowedCountries, hourlyBudget: settings.SMS_HOURLY_BUDGET };
}

/**
 * A secret of at least 32 characters, required in production; elsewhere a random one stands in for a
 * missing one, with a warning saying what that costs (`consequence`).
 */
function secretOrGenerated(
  name: string,
  value: string | undefined,
  consequence: string,
  { production, problems, warnings }: { production: boolean; problems: string[]; warnings: string[] },
): { secret: string; generated: boolean } {
  if (value !== undefined) {
    if (value.length < 32) problems.push(`${name}: must be at least 32 characters`);
    return { secret: value, generated: false };
  }
  if (production) problems.push(`${name}: required in production`);
  warnings.push(`${name} is not set: ${consequence}`);
  return { secret: randomBytes(32).toString('base64url'), generated: true };
}

function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function parseHeaders(raw: string | undefined, problems: string[]): Record<string, string> {
  if (raw === undefined) return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    problems.push('SMS_WEBHOOK_HEADERS: not valid JSON (expected an object of header names to strings)');
    return {};
  }
  const headers = z.record(z.string().regex(/^[A-Za-z0-9-]+$/), z.string()).safeParse(value);
  if (!headers.success) {
    problems.push('SMS_WEBHOOK_HEADERS: expected a JSON object of header names to string values');
    return {};
  }
  return headers.data;
}

function pickKnown(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const known: Record<string, string> = {};
  for (const key of Object.keys(settingsSchema.shape)) {
    const value = env[key];
    // `KEY=` (as when a line of .env.example is uncommented) means "not set", not "set to nothing".
    if (value !== undefined && value.trim() !== '') known[key] = value;
  }
  return known;
}

function without(values: Record<string, string>, keys: ReadonlySet<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.has(key)));
}

function formatIssue(issue: z.ZodIssue): string {
  const key = issue.path.join('.');
  return `${key}: ${issue.message}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The environment for a child process (the Playground), optionally with a folder first on PATH. */
export function childEnvironment(options: { prependPath?: string } = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (options.prependPath !== undefined)
    env['PATH'] = `${options.prependPath}${path.delimiter}${env['PATH'] ?? ''}`;
  return env;
}
