// Longer than 300 lines: the composition root builds every part in one place and order (DESIGN.md §3);
// split up, the order that matters (telemetry and stores first, the middleware chain) would be hidden.
import type { Storage, TranscriptStore } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type pino from 'pino';
import { createAlerts, type CaseAlerts } from './alerts';
import { createAdapter, createTurnErrorHandler } from './bot/adapter';
import { TeamsApproverChats } from './bot/approverChats';
import type { ConnectorSenderOptions } from './bot/connectorSender';
import { RedactingTranscriptMiddleware } from './bot/redactingTranscriptMiddleware';
import { turnState } from './bot/stateReadAhead';
import { ChannelGuard, TenantGuard } from './bot/tenantGuard';
import { ResetBot } from './bot/resetBot';
import { turnLease } from './bot/turnLease';
import { ConfigError, loadConfig, type Config } from './config';
import { demoBanner, unauthenticatedBanner } from './demoBanner';
import { createDirectory } from './directory';
import { MainDialog, type ActiveCase } from './dialogs/mainDialog';
import { createLogger } from './logging/logger';
import type { ReadableAuditLog } from './reset/auditTrail';
import type { AccountDirectory, CaseStore, Logger, SmsSender, WaitingClock } from './reset/ports';
import { systemClock } from './reset/ports';
import { ResetService } from './reset/resetService';
import { createNoticeParts, registerDemoLockout, type NoticeParts } from './notices';
import { createResetService } from './resetService';
import { readinessChecks } from './readiness';
import { createServer, listen, type RunningServer } from './server';
import { OneTimeLinks } from './helpdesk/oneTimeLinks';
import { registerHelpdesk, signInLinkUrl } from './helpdesk/routes';
import { stopOnSignals } from './shutdown';
import { createSmsSender } from './sms';
import { openStores } from './storage';
import { startTelemetry } from './telemetry';

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
  /** The connector sender's budgets and back-off (tests shorten them). */
  readonly connectorSender?: ConnectorSenderOptions;
  /** How long a notice waits for the chat a self-install opens (20 s when absent). */
  readonly installWaitMs?: number;
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
  /** The address book, the proactive sender and the lockout watcher. */
  readonly notices: NoticeParts;
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
  // Decorators of the ports when APPLICATIONINSIGHTS_CONNECTION_STRING is set; otherwise they change nothing.
  const telemetry = await startTelemetry(config.telemetry, logger);
  // STORAGE=sqlite (one file, the default), azure (shared by instances) or memory (tests): src/storage.
  const stores = await openStores(config.storage, {
    logger,
    clock,
    ...(overrides.storage ? { storage: overrides.storage } : {}),
  });
  const { storage } = stores;
  const records = <T extends object>(prefix: string, over?: Storage) =>
    telemetry.records(prefix, stores.records<T>(prefix, over));
  const { approverGroup } = config.approval;
  const directory = telemetry.directory(
    overrides.directory ?? (await createDirectory(config.directory, { logger, approverGroup })),
  );
  const sms = telemetry.sms(
    overrides.sms ??
      (await createSmsSender(config.sms, config.smsRules, {
        ...(overrides.consoleSmsOut ? { consoleOut: overrides.consoleSmsOut } : {}),
      })),
  );

  const adapter = createAdapter({ bot: config.bot, servicedeskPhone: config.servicedeskPhone }, logger, {
    ...overrides.connectorSender,
    decorate: (policy) => telemetry.connector(policy),
  });
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
    records,
    logger,
    publicUrl,
    clock,
  });
  // The bot speaks first: address book, proactive messages, self-install through Graph, lockout watcher.
  const notices = await createNoticeParts(config, {
    ...{ adapter, directory, records, audit: stores.audit, clock, logger },
    ...(overrides.installWaitMs !== undefined ? { installWaitMs: overrides.installWaitMs } : {}),
  });
  // The manager's confirmation: the approver's card and the requester's chat, reached as notices are.
  const approverChats = new TeamsApproverChats({
    chats: notices.chats,
    book: notices.book,
    adapter,
    botAppId: config.bot.appId ?? '',
    logger,
  });
  const reset = await createResetService(
    {
      codes: config.codes,
      throttle: config.throttle,
      smsRules: config.smsRules,
      security: config.security,
      caseIdleMinutes: config.caseIdleMinutes,
      orgName: config.orgName,
      servicedeskPhone: config.servicedeskPhone,
      notices: config.notices,
      approval: config.approval,
    },
    {
      directory,
      sms,
      cases: alerts.cases.caseStore(telemetry.cases(stores.cases)),
      audit: alerts.cases.auditLog(telemetry.audit(stores.audit)),
      records,
      clock,
      logger,
      tellOwner: notices.tellOwner,
      approverChats,
    },
  );

  // The turn's conversation state and duplicate-delivery record in one read (issue 17, a lean turn), on
  // the storage whose first write of a conversation is create-only where instances share it (issue 20).
  const { conversationState, middleware, duplicates } = turnState(
    telemetry.storage(stores.conversationStorage),
    records,
    { logger, now: () => clock.now().getTime() },
  );
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
    contacts: notices.book,
    reminderPreferences: notices.reminderPreferences,
    logger,
  });
  approverChats.attach(bot);
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger, conversationState);
  if (telemetry.turns) adapter.use(telemetry.turns);
  adapter.use(new ChannelGuard(config.security.allowedChannels, logger));
  adapter.use(new TenantGuard(config.security.allowedTenantIds, logger));
  // Across instances, one turn at a time per conversation: the lease before anything of the turn is read.
  const lease = turnLease({ kind: stores.kind, records }, duplicates, logger);
  if (lease) adapter.use(lease);
  adapter.use(...middleware);
  adapter.use(new RedactingTranscriptMiddleware(stores.transcripts, logger));

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
    checks: readinessChecks({ storage, cases: stores.cases, directory }),
    ...(config.allowUnauthenticated
      ? { readiness: { authentication: 'off: ALLOW_UNAUTHENTICATED_REQUESTS=true' } }
      : {}),
    routes: (routes) => {
      registerDemoLockout(routes, config, directory);
      registerHelpdesk(routes, {
        cases: stores.cases,
        audit: stores.audit,
        transcripts: stores.transcripts,
        storage,
        config: { helpdesk: config.helpdesk },
        directoryKind: overrides.directory ? 'custom' : config.directory.kind,
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
      });
    },
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
    notices,
    helpdeskSignInLink: () => (links ? signInLinkUrl(publicUrl(), links.issue(clock.now())) : undefined),
    async start() {
      stores.startPurging();
      notices.start();
      running = await listen(server, config.port, config.host);
      logger.info({ url: running.url }, 'listening');
      return running;
    },
    async stop() {
      await running?.close();
      running = undefined;
      await notices.stop();
      reset.stop();
      await reset.flush();
      await alerts.cases.flush();
      await stores.close();
      await telemetry.shutdown();
    },
  };
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
  if (config.demo || config.playground.enabled) {
    process.stdout.write(
      demoBanner({
        botUrl: running.url,
        ...(companion?.chatLines ? { chatLines: companion.chatLines } : {}),
        ...(companion?.problem !== undefined ? { chatProblem: companion.problem } : {}),
        ...(helpdeskLink !== undefined ? { helpdeskLink } : {}),
      }),
    );
  } else if (helpdeskLink !== undefined) {
    process.stdout.write(`\nService-desk view (one-time sign-in link): ${helpdeskLink}\n`);
  }
  if (config.allowUnauthenticated) process.stdout.write(unauthenticatedBanner());
  stopOnSignals(() => Promise.all([app.stop(), companion?.stop()]), app.logger);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `Reset Assistant could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
