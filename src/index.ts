import { readFile } from 'node:fs/promises';
import {
  ConversationState,
  type Storage,
  type TranscriptStore,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { readFileSync } from 'node:fs';
import type pino from 'pino';
import { createAlerts, type CaseAlerts } from './alerts';
import { createAdapter, createTurnErrorHandler } from './bot/adapter';
import { RedactingTranscriptMiddleware } from './bot/redactingTranscriptMiddleware';
import { DuplicateGuard, type SeenInConversation } from './bot/duplicateGuard';
import { ChannelGuard, TenantGuard } from './bot/tenantGuard';
import { ResetBot } from './bot/resetBot';
import { ConfigError, loadConfig, type Config } from './config';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from './demo/demoDirectory';
import { MainDialog, type ActiveCase } from './dialogs/mainDialog';
import { createLogger } from './logging/logger';
import { CodeIssuer } from './reset/code';
import type { AccountDirectory, CaseStore, Logger, SmsSender, WaitingClock } from './reset/ports';
import { systemClock } from './reset/ports';
import { PasswordBlocklist } from './reset/passwordBlocklist';
import { ResetService } from './reset/resetService';
import { SmsThrottle, type SmsThrottleState } from './reset/smsThrottle';
import { createServer, listen, type RunningServer } from './server';
import { OneTimeLinks } from './helpdesk/oneTimeLinks';
import { registerHelpdesk, signInLinkUrl } from './helpdesk/routes';
import { ConsoleSmsSender } from './sms/consoleSms';
import { composeSmsText } from './sms/message';
import { WebhookSmsSender } from './sms/webhookSms';
import { MobileNumberGuard } from './sms/phoneNumber';
import { HourlySmsBudget, SlidingWindowCounter, type SlidingWindowState } from './reset/smsBudget';
import { BotStorageRecordStore } from './storage/botStorageRecordStore';
import type { ReadableAuditLog } from './reset/auditTrail';
import { openStores } from './storage';

/** Parts a test may supply instead of the configured ones; everything else is built from `Config`. */
export interface AppOverrides {
  readonly logDestination?: pino.DestinationStream;
  readonly sms?: SmsSender;
  readonly directory?: AccountDirectory;
  readonly clock?: WaitingClock;
  readonly storage?: Storage;
  /** Where the console SMS prints (the demo's "phone"). */
  readonly consoleSmsOut?: NodeJS.WritableStream;
  /** Where new one-time service-desk sign-in links are printed (the terminal). */
  readonly linkOut?: NodeJS.WritableStream;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly reset: ResetService;
  readonly directory: AccountDirectory;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  readonly storage: Storage;
  /** A one-time sign-in link to /helpdesk, where Entra sign-in is not configured (outside production). */
  helpdeskSignInLink(): string | undefined;
  /** `flush()` waits for alerts being posted. */
  readonly alerts: CaseAlerts;
  start(): Promise<RunningServer>;
  stop(): Promise<void>;
}

/** The composition root: config → logger → storage → directory → SMS → reset service → dialogs → bot → server. */
export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const logger = createLogger({
    level: config.logLevel,
    ...(overrides.logDestination ? { destination: overrides.logDestination } : {}),
  });
  for (const warning of config.warnings) logger.warn({}, warning);

  const clock = overrides.clock ?? systemClock;
  // STORAGE=sqlite (one file, the default), azure (shared by instances) or memory (tests): src/storage.
  const stores = await openStores(config.storage, {
    logger,
    clock,
    ...(overrides.storage ? { storage: overrides.storage } : {}),
  });
  const { storage, cases, audit, transcripts } = stores;
  const conversationState = new ConversationState(storage);
  const directory = overrides.directory ?? (await openDirectory(config, logger));
  const sms = overrides.sms ?? (await createSmsSender(config, overrides.consoleSmsOut));

  const adapter = createAdapter(config, logger);
  // Alerts for the service desk: seen in the audit trail, posted once the case is saved.
  let running: RunningServer | undefined;
  const publicUrl = () => (config.publicUrlSet ? config.publicUrl : (running?.url ?? config.publicUrl));
  const alerts = createAlerts({ config, adapter, storage, logger, publicUrl, clock });
  const reset = new ResetService({
    directory,
    sms,
    cases: alerts.cases.caseStore(cases),
    audit: alerts.cases.auditLog(audit),
    budget: new HourlySmsBudget(
      new BotStorageRecordStore<SlidingWindowState>(storage, 'budget'),
      config.smsRules.hourlyBudget,
    ),
    throttle: new SmsThrottle(new BotStorageRecordStore<SmsThrottleState>(storage, 'throttle'), {
      maxPerWindow: config.throttle.smsPerAccountPerHour,
      windowMs: 60 * 60_000,
      blockMs: config.throttle.blockHours * 60 * 60_000,
    }),
    codes: new CodeIssuer(config.codes.hashSecret, {
      ttlMs: config.codes.ttlMinutes * 60_000,
      maxWrongAttempts: config.codes.maxAttempts,
    }),
    clock,
    logger,
    composeSms: ({ code, locale, validMinutes }) =>
      composeSmsText({ code, locale, validMinutes, orgName: config.orgName }),
    codeTtlMs: config.codes.ttlMinutes * 60_000,
    resendCooldownMs: config.codes.resendCooldownSeconds * 1000,
    idleTimeoutMs: config.caseIdleMinutes * 60_000,
    blocklist: new PasswordBlocklist(await readLocalWords(config.security.passwordBlocklistFile)),
    casesPerRequester: new SlidingWindowCounter(
      new BotStorageRecordStore<SlidingWindowState>(storage, 'limits'),
      config.security.casesPerRequesterPerHour,
      60 * 60_000,
    ),
    guessesPerAccount: new SlidingWindowCounter(
      new BotStorageRecordStore<SlidingWindowState>(storage, 'limits'),
      config.security.wrongCodesPerAccountPerDay,
      24 * 60 * 60_000,
    ),
    // Half the account's allowance, so no single requester can spend an owner's whole day.
    guessesPerRequester: new SlidingWindowCounter(
      new BotStorageRecordStore<SlidingWindowState>(storage, 'limits'),
      Math.max(1, Math.floor(config.security.wrongCodesPerAccountPerDay / 2)),
      24 * 60 * 60_000,
    ),
    uniformAnswerMs: config.security.uniformAnswerMinMs,
  });
  // Fail at startup, not when the first employee is locked out, if the SMS would not fit one segment.
  composeSmsText({
    code: '000000',
    locale: 'sv',
    validMinutes: config.codes.ttlMinutes,
    orgName: config.orgName,
  });

  const activeCase = conversationState.createProperty<ActiveCase | undefined>('activeCase');
  const dialogState = conversationState.createProperty<DialogState>('dialogState');
  const dialog = new MainDialog({
    reset,
    logger,
    servicedeskPhone: config.servicedeskPhone,
    codeValidMinutes: config.codes.ttlMinutes,
    activeCase,
  });
  const bot = new ResetBot({
    conversationState,
    dialogState,
    activeCase,
    dialog,
    reset,
    servicedeskPhone: config.servicedeskPhone,
    alertChannels: alerts.channels,
    logger,
  });
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger, conversationState);
  adapter.use(new ChannelGuard(config.security.allowedChannels, logger));
  adapter.use(new TenantGuard(config.security.allowedTenantIds, logger));
  adapter.use(
    new DuplicateGuard(new BotStorageRecordStore<SeenInConversation>(storage, 'seen'), logger, {
      now: () => clock.now().getTime(),
    }),
  );
  adapter.use(new RedactingTranscriptMiddleware(transcripts, logger));
  const links = config.helpdesk.oneTimeLink ? new OneTimeLinks() : undefined;
  const linkOut = overrides.linkOut ?? process.stdout;
  // msal-node is loaded only where Entra sign-in is configured.
  const signIn = config.helpdesk.entra
    ? new (await import('./helpdesk/entraSignIn')).EntraSignIn({
        entra: config.helpdesk.entra,
        role: config.helpdesk.role,
        ...(config.helpdesk.groupId !== undefined ? { groupId: config.helpdesk.groupId } : {}),
        redirectUri: `${config.publicUrl}/helpdesk/auth/callback`,
        logger,
      })
    : undefined;
  const server = createServer({
    adapter,
    bot,
    logger,
    ready: () => Promise.resolve(true),
    routes: (routes) =>
      registerHelpdesk(routes, {
        cases,
        audit,
        transcripts,
        storage,
        config,
        publicUrl,
        ...(signIn ? { signIn } : {}),
        ...(links
          ? {
              links,
              printLink: (url: string) => linkOut.write(`\nService-desk sign-in link (one use): ${url}\n`),
            }
          : {}),
        clock,
        logger,
      }),
  });

  return {
    config,
    logger,
    reset,
    directory,
    cases,
    audit,
    transcripts,
    storage,
    alerts: alerts.cases,
    helpdeskSignInLink: () => (links ? signInLinkUrl(publicUrl(), links.issue(clock.now())) : undefined),
    async start() {
      stores.startPurging();
      running = await listen(server, config.port, config.host);
      logger.info({ url: running.url }, 'listening');
      return running;
    },
    async stop() {
      await running?.close();
      running = undefined;
      await reset.flush();
      await alerts.cases.flush();
      await stores.close();
    },
  };
}

/*
 * The adapters below are loaded only when configured: each pulls in its SDK (Graph, LDAP), which
 * would add to every instance's startup whether it uses them or not.
 */
async function openDirectory(config: Config, logger: Logger): Promise<AccountDirectory> {
  if (config.directory.kind === 'hybrid' && config.graph && config.ad) {
    return (await import('./hybrid')).createHybridDirectory(config.graph, config.ad, logger);
  }
  if (config.graph) return (await import('./graph')).createGraph(config.graph, logger).directory;
  if (config.ad) return (await import('./ad')).createActiveDirectory(config.ad, logger);
  return loadDemoDirectory(config.directory.file ?? SAMPLE_DIRECTORY_PATH);
}

/** The operator's local blocklist words; a configured file that cannot be read stops startup. */
export async function readLocalWords(file: string | undefined): Promise<string[]> {
  if (file === undefined) return [];
  try {
    return PasswordBlocklist.parseWordList(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `PASSWORD_BLOCKLIST_FILE ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The configured provider behind the number guard: only mobile numbers in allowed countries get an SMS. */
export async function createSmsSender(
  config: Config,
  consoleOut?: NodeJS.WritableStream,
): Promise<SmsSender> {
  return new MobileNumberGuard(await createSmsProvider(config.sms, consoleOut), {
    allowedCountries: config.smsRules.allowedCountries,
  });
}

/** The ACS SDK and @azure/identity are loaded only when ACS is configured (they cost startup time). */
async function createSmsProvider(sms: Config['sms'], consoleOut?: NodeJS.WritableStream): Promise<SmsSender> {
  switch (sms.kind) {
    case 'webhook':
      return new WebhookSmsSender({
        url: sms.url,
        method: sms.method,
        headers: sms.headers,
        timeoutMs: sms.timeoutMs,
        ...(sms.bodyTemplate !== undefined ? { bodyTemplate: sms.bodyTemplate } : {}),
        ...(sms.caFile !== undefined ? { ca: readFileSync(sms.caFile, 'utf8') } : {}),
      });
    case 'acs': {
      const { auth } = sms;
      const [{ AcsSmsSender }, { DefaultAzureCredential, ManagedIdentityCredential }] = await Promise.all([
        import('./sms/acsSms'),
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
        from: sms.from,
        timeoutMs: sms.timeoutMs,
      });
    }
    case 'console':
      return new ConsoleSmsSender(consoleOut);
  }
}

/**
 * What a development launcher runs next to the app (`npm start`: dev/start.ts starts the Agents
 * Playground). The production entry point has none, so no dev tool ships in `dist/src`.
 */
export interface Companion {
  /** The banner's lines on how to chat with the bot (e.g. the Playground's URL). */
  readonly chatLines?: readonly string[];
  /** Why there is no chat client: the banner says so above the other ways to chat. */
  readonly problem?: string;
  stop(): Promise<void>;
}

/** Called once the app listens; `bot` is where (the server's `RunningServer` fits). */
export type StartCompanion = (
  app: App,
  bot: { readonly url: string; readonly port: number },
) => Promise<Companion | undefined>;

function announceDemo(
  config: Config,
  botUrl: string,
  companion: Companion | undefined,
  helpdeskLink: string | undefined,
): void {
  const endpoint = `${botUrl}/api/messages`;
  const chat = companion?.chatLines ?? [
    `  • ${companion?.problem ?? 'This entry point starts no chat client (`npm start` adds the Agents Playground)'}.`,
    '    Chat with the bot from another terminal instead:',
    `      npx -p @microsoft/m365agentsplayground agentsplayground -e ${endpoint} -c msteams`,
    `    or point Bot Framework Emulator at ${endpoint}.`,
  ];
  const lines = [
    '',
    '════════════════════════════════════════════════════════════════════',
    '  Reset Assistant is running in DEMO MODE: not for real accounts.',
    '  • Accounts come from the demo directory file (try anna.svensson),',
    '    SMS codes are printed here in the terminal, requests are not',
    '    authenticated.',
    ...chat,
    ...(helpdeskLink !== undefined
      ? [
          "  • The service desk's view of every case (one-time sign-in link;",
          '    the sign-in page prints a new one here when needed):',
          `      ${helpdeskLink}`,
        ]
      : []),
    '  • Stop with Ctrl+C.',
    '════════════════════════════════════════════════════════════════════',
    '',
  ];
  if (config.demo || config.playground.enabled) process.stdout.write(lines.join('\n'));
}

/** Starts the app until SIGTERM/SIGINT; a development launcher passes what runs next to it. */
export async function main(startCompanion?: StartCompanion): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n\nSee the configuration table in README.md.\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  const running = await app.start();
  const companion = await startCompanion?.(app, running);
  const helpdeskLink = app.helpdeskSignInLink();
  announceDemo(config, running.url, companion, helpdeskLink);
  if (helpdeskLink !== undefined && !config.demo && !config.playground.enabled) {
    process.stdout.write(`\nService-desk view (one-time sign-in link): ${helpdeskLink}\n`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    void Promise.all([app.stop(), companion?.stop()]).then(() => process.exit(0));
    // A request that never finishes must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Reset Assistant could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
