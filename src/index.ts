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
import { createAdapter, createTurnErrorHandler } from './bot/adapter';
import { RedactingTranscriptLogger } from './bot/redactingTranscriptLogger';
import { ResetBot } from './bot/resetBot';
import { ConfigError, loadConfig, type Config } from './config';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from './demo/demoDirectory';
import { startPlayground, type RunningPlayground } from './demo/playground';
import { MainDialog, type ActiveCase } from './dialogs/mainDialog';
import { createLogger } from './logging/logger';
import { CodeIssuer } from './reset/code';
import type { AccountDirectory, Clock, Logger, SmsSender } from './reset/ports';
import { systemClock } from './reset/ports';
import { ResetService } from './reset/resetService';
import { SmsThrottle, type SmsThrottleState } from './reset/smsThrottle';
import { createServer, listen, type RunningServer } from './server';
import { ConsoleSmsSender } from './sms/consoleSms';
import { composeSmsText } from './sms/message';
import { WebhookSmsSender } from './sms/webhookSms';
import { BotStorageRecordStore } from './storage/botStorageRecordStore';
import { MemoryAuditLog } from './storage/memoryAuditLog';
import { MemoryCaseStore } from './storage/memoryCaseStore';

/** Parts a test may supply instead of the configured ones; everything else is built from `Config`. */
export interface AppOverrides {
  readonly logDestination?: pino.DestinationStream;
  readonly sms?: SmsSender;
  readonly directory?: AccountDirectory;
  readonly clock?: Clock;
  readonly storage?: Storage;
  /** Where the console SMS prints (the demo's "phone"). */
  readonly consoleSmsOut?: NodeJS.WritableStream;
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  readonly reset: ResetService;
  readonly directory: AccountDirectory;
  readonly cases: MemoryCaseStore;
  readonly audit: MemoryAuditLog;
  readonly transcripts: TranscriptStore;
  readonly storage: Storage;
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

  const storage = overrides.storage ?? new MemoryStorage();
  const conversationState = new ConversationState(storage);
  const cases = new MemoryCaseStore();
  const audit = new MemoryAuditLog();
  const transcripts = new MemoryTranscriptStore();
  const directory =
    overrides.directory ?? (await loadDemoDirectory(config.directory.file ?? SAMPLE_DIRECTORY_PATH));
  const sms = overrides.sms ?? createSmsSender(config, overrides.consoleSmsOut);
  const clock = overrides.clock ?? systemClock;

  const reset = new ResetService({
    directory,
    sms,
    cases,
    audit,
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
    logger,
  });
  const adapter = createAdapter(config, logger);
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger, conversationState);
  adapter.use(new TranscriptLoggerMiddleware(new RedactingTranscriptLogger(transcripts)));
  const server = createServer({ adapter, bot, logger, ready: () => Promise.resolve(true) });

  let running: RunningServer | undefined;
  return {
    config,
    logger,
    reset,
    directory,
    cases,
    audit,
    transcripts,
    storage,
    async start() {
      running = await listen(server, config.port, config.host);
      logger.info({ url: running.url }, 'listening');
      return running;
    },
    async stop() {
      await running?.close();
      running = undefined;
    },
  };
}

function createSmsSender(config: Config, consoleOut?: NodeJS.WritableStream): SmsSender {
  if (config.sms.kind === 'webhook') {
    return new WebhookSmsSender({
      url: config.sms.url,
      headers: config.sms.headers,
      timeoutMs: config.sms.timeoutMs,
    });
  }
  return new ConsoleSmsSender(consoleOut);
}

function announceDemo(config: Config, botUrl: string, playground: RunningPlayground | undefined): void {
  const lines = [
    '',
    '════════════════════════════════════════════════════════════════════',
    '  Reset Assistant is running in DEMO MODE: not for real accounts.',
    '  • Accounts come from the demo directory file (try anna.svensson),',
    '    SMS codes are printed here in the terminal, requests are not',
    '    authenticated.',
    playground
      ? `  • Open ${playground.url} in a browser to chat with the bot.`
      : `  • Bot endpoint: ${botUrl}/api/messages`,
    '  • Stop with Ctrl+C.',
    '════════════════════════════════════════════════════════════════════',
    '',
  ];
  if (config.demo || playground) process.stdout.write(lines.join('\n'));
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
  let playground: RunningPlayground | undefined;
  if (config.playground.enabled) {
    playground = await startPlayground({
      botEndpoint: `http://127.0.0.1:${running.port}/api/messages`,
      port: config.playground.port,
      locale: config.playground.locale,
      headless: config.playground.headless,
      logger: app.logger,
    });
  }
  announceDemo(config, running.url, playground);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    void Promise.all([app.stop(), playground?.stop()]).then(() => process.exit(0));
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
