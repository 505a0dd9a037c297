import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { settingsSchema, type Settings } from './schema';

export { settingsSchema, type Settings } from './schema';

export type SmsConfig =
  | { readonly kind: 'console' }
  | {
      readonly kind: 'webhook';
      readonly url: URL;
      readonly headers: Readonly<Record<string, string>>;
      readonly timeoutMs: number;
    };

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
  };
  /** `file` absent: the bundled sample directory. */
  readonly directory: { readonly kind: 'demo'; readonly file?: string };
  readonly sms: SmsConfig;
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
  readonly playground: {
    readonly enabled: boolean;
    readonly port: number;
    readonly locale: string;
    readonly headless: boolean;
  };
  /** Things an operator should know at startup that are not errors (demo mode, generated secret). */
  readonly warnings: readonly string[];
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
    smsProvider === 'webhook' ? webhookConfig(settings, production, problems) : { kind: 'console' as const };

  const bot = botConfig(settings, production, problems);

  let hashSecret = settings.CODE_HASH_SECRET;
  const hashSecretGenerated = hashSecret === undefined;
  if (hashSecret !== undefined && hashSecret.length < 32) {
    problems.push('CODE_HASH_SECRET: must be at least 32 characters');
  }
  if (hashSecret === undefined) {
    if (production) problems.push('CODE_HASH_SECRET: required in production');
    hashSecret = randomBytes(32).toString('base64url');
    warnings.push('CODE_HASH_SECRET is not set: a random one is used, so codes do not survive a restart');
  }

  const demo = directory === 'demo' && smsProvider === 'console' && bot.appId === undefined;
  if (bot.appId === undefined && !production) {
    warnings.push(
      'MicrosoftAppId is not set: incoming requests are NOT authenticated (demo/development only)',
    );
  }
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
      kind: 'demo' as const,
      ...(settings.DEMO_DIRECTORY_FILE !== undefined ? { file: settings.DEMO_DIRECTORY_FILE } : {}),
    },
    sms,
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
    playground: {
      enabled: playgroundEnabled,
      port: settings.PLAYGROUND_PORT,
      locale: settings.PLAYGROUND_LOCALE,
      headless: process.platform === 'linux' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'],
    },
    warnings,
  });
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
  };
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
  return {
    kind: 'webhook',
    url: url ?? new URL('http://invalid.invalid'),
    headers,
    timeoutMs: settings.SMS_WEBHOOK_TIMEOUT_MS,
  };
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
