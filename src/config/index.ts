import path from 'node:path';
import type { z } from 'zod';
import { alertsConfig, type AlertsConfig } from './alerts';
import { approvalConfig, type ApprovalConfig } from './approval';
import { authenticationRule } from './authentication';
import { botConfig, type BotConfig } from './bot';
import { codesConfig, type CodesConfig, type LimitsConfig, type ThrottleConfig } from './codes';
import { directoryConfig, type DirectoryConfig } from './directory';
import type { ConfigContext } from './fields';
import type { AdConfig } from './ad';
import type { GraphConfig } from './graph';
import { helpdeskConfig, type HelpdeskConfig } from './helpdesk';
import { noticesConfig, type NoticesConfig } from './notices';
import { playgroundConfig, type PlaygroundConfig } from './playground';
import { settingsSchema, type Settings } from './schema';
import { serverConfig, serverSettings } from './server';
import { smsConfig, type SmsConfig, type SmsRules } from './sms';
import { storageConfig, type StorageConfig } from './storage';
import { telemetryConfig, type TelemetryConfig } from './telemetry';

export { settingsSchema, type Settings } from './schema';
export type { AdConfig } from './ad';
export type { AlertsConfig } from './alerts';
export type { ApprovalConfig } from './approval';
export type { BotConfig } from './bot';
export type { DirectoryConfig } from './directory';
export type { GraphConfig, GraphCredentialConfig } from './graph';
export type { HelpdeskConfig } from './helpdesk';
export type { NoticesConfig } from './notices';
export type { PlaygroundConfig } from './playground';
export type { SmsConfig, SmsRules } from './sms';
export type { AzureStorageAccess, StorageConfig } from './storage';
export type { TelemetryConfig } from './telemetry';

/**
 * The whole configuration, parsed once and frozen. The composition root (`src/index.ts`) hands each part
 * only its own slice (`config.sms`, `config.helpdesk`, ...).
 */
export interface Config {
  readonly production: boolean;
  /** Nothing was configured: demo directory, console SMS, no bot credentials. */
  readonly demo: boolean;
  readonly port: number;
  readonly host: string;
  readonly logLevel: Settings['LOG_LEVEL'];
  readonly bot: BotConfig;
  /**
   * ALLOW_UNAUTHENTICATED_REQUESTS=true and no MicrosoftAppId: requests are not authenticated by the
   * operator's choice, with a real directory or SMS provider. Announced at start and in `/readyz`.
   */
  readonly allowUnauthenticated: boolean;
  readonly directory: DirectoryConfig;
  /** The directory's AD settings when `DIRECTORY=ad` or `hybrid` (the same object as in `directory`). */
  readonly ad?: AdConfig;
  /** The directory's Graph settings when `DIRECTORY=graph` or `hybrid` (the same object as in `directory`). */
  readonly graph?: GraphConfig;
  readonly sms: SmsConfig;
  readonly smsRules: SmsRules;
  readonly orgName: string;
  readonly servicedeskPhone: string;
  readonly codes: CodesConfig;
  readonly throttle: ThrottleConfig;
  readonly caseIdleMinutes: number;
  /** The account `npm run doctor` looks up (read only). */
  readonly doctorTestAccount?: string;
  readonly security: LimitsConfig & {
    /** Empty: every tenant (development only). */
    readonly allowedTenantIds: readonly string[];
    /** Bot Framework channel ids answered (`msteams` by default); activities of others are dropped. */
    readonly allowedChannels: readonly string[];
  };
  readonly storage: StorageConfig;
  /** Set when APPLICATIONINSIGHTS_CONNECTION_STRING is: traces and metrics to Azure Monitor. */
  readonly telemetry?: TelemetryConfig;
  /** Base URL (no trailing slash) for links in alerts and the sign-in redirect. */
  readonly publicUrl: string;
  /** PUBLIC_URL was given; otherwise the app uses the address it actually listens on (PORT=0 in tests). */
  readonly publicUrlSet: boolean;
  readonly helpdesk: HelpdeskConfig;
  readonly alerts: AlertsConfig;
  /** When the bot speaks first (change notices, lockout notices, reminders). */
  readonly notices: NoticesConfig;
  /** The manager's confirmation for own accounts without a mobile. */
  readonly approval: ApprovalConfig;
  readonly playground: PlaygroundConfig;
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

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(env: Env = process.env): Config {
  const known = pickKnown(env);
  const fields = settingsSchema.safeParse(known);
  const fieldIssues = fields.success ? [] : fields.error.issues;
  const invalidKeys = new Set(fieldIssues.map((issue) => String(issue.path[0])));
  // Invalid values are replaced by their defaults so that each area's rules still run: the operator
  // then sees every problem in one error, not one batch per restart.
  const valid = without(known, invalidKeys);
  const problems = fieldIssues.map(formatIssue);
  const area = <Output>(schema: z.ZodType<Output, z.ZodTypeDef, unknown>): Output | undefined => {
    const result = schema.safeParse(valid);
    if (result.success) return result.data;
    const ownProblems = result.error.issues.filter((issue) => !invalidKeys.has(String(issue.path[0])));
    problems.push(...ownProblems.map(formatIssue));
    return undefined;
  };

  const context: ConfigContext = {
    production: serverSettings.shape.NODE_ENV.parse(valid['NODE_ENV']) === 'production',
  };
  const server = area(serverConfig(context));
  const access = area(botConfig(context));
  const directory = area(directoryConfig(context));
  const sms = area(smsConfig(context));
  area(authenticationRule(context));
  const codes = area(codesConfig(context));
  const storage = area(storageConfig(context));
  const helpdesk = area(helpdeskConfig(context));
  const alerts = area(alertsConfig(context));
  const notices = area(noticesConfig());
  const telemetry = area(telemetryConfig());
  const approval = area(approvalConfig());
  if (
    problems.length > 0 ||
    !server ||
    !access ||
    !directory ||
    !sms ||
    !codes ||
    !storage ||
    !helpdesk ||
    !alerts ||
    !notices ||
    !telemetry ||
    !approval
  )
    throw new ConfigError(problems);

  const { bot } = access;
  const demo = directory.directory.kind === 'demo' && sms.sms.kind === 'console' && bot.appId === undefined;
  const allowUnauthenticated = access.allowUnauthenticated && bot.appId === undefined && !demo;
  const display = process.platform !== 'linux' || Boolean(env['DISPLAY']) || Boolean(env['WAYLAND_DISPLAY']);
  const playground = playgroundConfig({ demo, display }).parse(valid);
  const { directory: directoryConfigured } = directory;
  return deepFreeze({
    production: context.production,
    demo,
    port: server.port,
    host: server.host,
    logLevel: server.logLevel,
    bot,
    allowUnauthenticated,
    ...directory,
    ...('graph' in directoryConfigured ? { graph: directoryConfigured.graph } : {}),
    ...('ad' in directoryConfigured ? { ad: directoryConfigured.ad } : {}),
    ...sms,
    servicedeskPhone: codes.servicedeskPhone,
    codes: codes.codes,
    throttle: codes.throttle,
    caseIdleMinutes: codes.caseIdleMinutes,
    security: {
      allowedTenantIds: access.allowedTenantIds,
      allowedChannels: access.allowedChannels,
      ...codes.limits,
    },
    storage,
    ...telemetry,
    publicUrl: server.publicUrl,
    publicUrlSet: server.publicUrlSet,
    helpdesk,
    alerts,
    notices,
    approval,
    playground,
    warnings: warningsFor({
      production: context.production,
      bot,
      allowUnauthenticated,
      codes: codes.codes,
      helpdesk,
    }),
  });
}

function warningsFor(config: {
  production: boolean;
  bot: BotConfig;
  allowUnauthenticated: boolean;
  codes: CodesConfig;
  helpdesk: HelpdeskConfig;
}): string[] {
  const warnings: string[] = [];
  if (config.allowUnauthenticated) {
    warnings.push(
      'ALLOW_UNAUTHENTICATED_REQUESTS=true and no MicrosoftAppId: incoming requests are NOT authenticated, yet real accounts or a real SMS provider are configured; anyone who reaches the port can act as any Teams user',
    );
  } else if (config.bot.appId === undefined && !config.production) {
    warnings.push(
      'MicrosoftAppId is not set: incoming requests are NOT authenticated (demo/development only)',
    );
  }
  if (config.codes.hashSecretGenerated)
    warnings.push('CODE_HASH_SECRET is not set: a random one is used, so codes do not survive a restart');
  if (config.helpdesk.sessionSecretGenerated)
    warnings.push('HELPDESK_SESSION_SECRET is not set: service-desk sign-ins end when the bot restarts');
  return warnings;
}

function pickKnown(env: Env): Record<string, string> {
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
  return `${issue.path.join('.')}: ${issue.message}`;
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
