import {
  ConversationState,
  MemoryStorage,
  MemoryTranscriptStore,
  TranscriptLoggerMiddleware,
  type Storage,
  type TranscriptStore,
} from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type pino from 'pino';
import { createAlerts, type CaseAlerts } from './alerts';
import { createAdapter, createTurnErrorHandler } from './bot/adapter';
import { RedactingTranscriptLogger } from './bot/redactingTranscriptLogger';
import { DuplicateGuard, type SeenInConversation } from './bot/duplicateGuard';
import { TenantGuard } from './bot/tenantGuard';
import { ResetBot } from './bot/resetBot';
import { ConfigError, loadConfig, type Config, type StorageConfig } from './config';
import { startPlayground } from './demo/playground';
import { demoBanner, unauthenticatedBanner } from './demoBanner';
import { createDirectory } from './directory';
import { MainDialog, type ActiveCase } from './dialogs/mainDialog';
import { createLogger } from './logging/logger';
import type { AccountDirectory, CaseStore, Clock, Logger, SmsSender } from './reset/ports';
import { systemClock } from './reset/ports';
import { ResetService } from './reset/resetService';
import { createResetService } from './resetService';
import { createServer, listen, type RunningServer } from './server';
import { OneTimeLinks } from './helpdesk/oneTimeLinks';
import { registerHelpdesk, signInLinkUrl } from './helpdesk/routes';
import { stopOnSignals } from './shutdown';
import { createSmsSender } from './sms';
import { BotStorageRecordStore } from './storage/botStorageRecordStore';
import { MemoryAuditLog } from './storage/memoryAuditLog';
import { MemoryCaseStore } from './storage/memoryCaseStore';
import type { ReadableAuditLog } from './storage/sqliteAuditLog';
import { openSqliteStores } from './storage/sqliteStores';

/** Parts a test may supply instead of the configured ones; everything else is built from `Config`. */
export interface AppOverrides {
  readonly logDestination?: pino.DestinationStream;
  readonly sms?: SmsSender;
  readonly directory?: AccountDirectory;
  readonly clock?: Clock;
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
  const stores = await openStoresToday(config.storage, overrides.storage);
  const { storage } = stores;
  const directory = overrides.directory ?? (await createDirectory(config.directory, { logger }));
  const sms =
    overrides.sms ??
    (await createSmsSender(config.sms, config.smsRules, {
      ...(overrides.consoleSmsOut ? { consoleOut: overrides.consoleSmsOut } : {}),
    }));
  const clock = overrides.clock ?? systemClock;

  const adapter = createAdapter({ bot: config.bot, servicedeskPhone: config.servicedeskPhone }, logger);
  // Alerts for the service desk: seen in the audit trail, posted once the case is saved.
  let running: RunningServer | undefined;
  const publicUrl = () => (config.publicUrlSet ? config.publicUrl : (running?.url ?? config.publicUrl));
  const alerts = createAlerts({
    config: {
      production: config.production,
      bot: config.bot,
      security: config.security,
      alerts: config.alerts,
      publicUrl: config.publicUrl,
    },
    adapter,
    storage,
    logger,
    publicUrl,
    clock,
  });
  const reset = await createResetService(
    {
      codes: config.codes,
      throttle: config.throttle,
      smsRules: config.smsRules,
      security: config.security,
      caseIdleMinutes: config.caseIdleMinutes,
      orgName: config.orgName,
    },
    {
      directory,
      sms,
      cases: alerts.cases.caseStore(stores.cases),
      audit: alerts.cases.auditLog(stores.audit),
      storage,
      clock,
      logger,
    },
  );

  const conversationState = new ConversationState(storage);
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
  adapter.use(new TenantGuard(config.security.allowedTenantIds, logger));
  adapter.use(
    new DuplicateGuard(new BotStorageRecordStore<SeenInConversation>(storage, 'seen'), logger, {
      now: () => clock.now().getTime(),
    }),
  );
  adapter.use(new TranscriptLoggerMiddleware(new RedactingTranscriptLogger(stores.transcripts)));

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
    ...(config.allowUnauthenticated
      ? { readiness: { authentication: 'off: ALLOW_UNAUTHENTICATED_REQUESTS=true' } }
      : {}),
    routes: (routes) =>
      registerHelpdesk(routes, {
        cases: stores.cases,
        audit: stores.audit,
        transcripts: stores.transcripts,
        config: { helpdesk: config.helpdesk },
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
    cases: stores.cases,
    audit: stores.audit,
    transcripts: stores.transcripts,
    storage,
    alerts: alerts.cases,
    helpdeskSignInLink: () => (links ? signInLinkUrl(publicUrl(), links.issue(clock.now())) : undefined),
    async start() {
      stores.startPurging(() => clock.now(), logger);
      running = await listen(server, config.port, config.host);
      logger.info({ url: running.url }, 'listening');
      return running;
    },
    async stop() {
      await running?.close();
      running = undefined;
      await alerts.cases.flush();
      await stores.close();
    },
  };
}

interface OpenStores {
  readonly storage: Storage;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  startPurging(now: () => Date, logger: Logger): void;
  close(): Promise<void>;
}

/**
 * Storage as wired today, in one place: the `storage` branch replaces this function with
 * `openStores(options, deps)` from `src/storage`. SQLite keeps everything in one file across restarts;
 * Azure (Blob + Table, loaded only when configured: its SDK costs every start) is shared by instances;
 * memory is for tests. A test's `storage` override replaces only the bot state.
 */
async function openStoresToday(options: StorageConfig, storageOverride?: Storage): Promise<OpenStores> {
  const retention = {
    transcriptDays: options.transcriptRetentionDays,
    auditDays: options.auditRetentionDays,
  };
  const persistent =
    options.kind === 'sqlite'
      ? openSqliteStores(options.sqliteFile, retention)
      : options.azure !== undefined
        ? await openAzure(options.azure, retention)
        : undefined;
  return {
    storage: storageOverride ?? persistent?.storage ?? new MemoryStorage(),
    cases: persistent?.cases ?? new MemoryCaseStore(),
    audit: persistent?.audit ?? new MemoryAuditLog(),
    transcripts: persistent?.transcripts ?? new MemoryTranscriptStore(),
    startPurging: (now, logger) => persistent?.startPurging(now, logger),
    close: () => Promise.resolve(persistent?.close()),
  };
}

async function openAzure(
  access: NonNullable<StorageConfig['azure']>,
  retention: { transcriptDays: number; auditDays: number },
) {
  const { azureAccess, openAzureStores } = await import('./storage/azureStores');
  return openAzureStores(azureAccess(access), retention);
}

async function main(): Promise<void> {
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
  const { playground, problem } = config.playground.enabled
    ? await startPlayground({
        botEndpoint: `http://127.0.0.1:${running.port}/api/messages`,
        port: config.playground.port,
        locale: config.playground.locale,
        headless: config.playground.headless,
        logger: app.logger,
      })
    : {};
  const helpdeskLink = app.helpdeskSignInLink();
  if (config.demo || config.playground.enabled) {
    process.stdout.write(
      demoBanner({
        botUrl: running.url,
        ...(playground ? { playground } : {}),
        ...(problem !== undefined ? { playgroundProblem: problem } : {}),
        ...(helpdeskLink !== undefined ? { helpdeskLink } : {}),
      }),
    );
  } else if (helpdeskLink !== undefined) {
    process.stdout.write(`\nService-desk view (one-time sign-in link): ${helpdeskLink}\n`);
  }
  if (config.allowUnauthenticated) process.stdout.write(unauthenticatedBanner());
  stopOnSignals(() => Promise.all([app.stop(), playground?.stop()]), app.logger);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Reset Assistant could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
