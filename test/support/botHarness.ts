import { PassThrough } from 'node:stream';
import { loadConfig } from '../../src/config';
import { createApp, type App, type AppOverrides } from '../../src/index';
import { ConnectorStub } from './connectorStub';
import { SmsReceiver } from './smsReceiver';
import { TeamsUser, type TeamsUserOptions } from './teamsUser';

export interface BotHarness {
  readonly app: App;
  readonly botUrl: string;
  readonly connector: ConnectorStub;
  readonly sms: SmsReceiver;
  /** Every log line the bot wrote, as raw JSON text. */
  readonly logs: string[];
  user(options?: Partial<TeamsUserOptions>): TeamsUser;
  stop(): Promise<void>;
}

/** Anna in the bundled demo directory: locked, has a phone, and is the Playground's user. */
export const ANNA_AAD_OBJECT_ID = '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01';

/**
 * The real server on a loopback port, composed exactly as `npm start` does, with the demo directory,
 * the webhook SMS provider pointed at a local receiver and a connector stub for replies.
 */
export async function startBot(
  env: Record<string, string> = {},
  overrides: AppOverrides = {},
): Promise<BotHarness> {
  const sms = new SmsReceiver();
  const connector = new ConnectorStub();
  const [smsUrl, serviceUrl] = await Promise.all([sms.start(), connector.start()]);
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    PLAYGROUND: 'false',
    SMS_PROVIDER: 'webhook',
    SMS_WEBHOOK_URL: smsUrl,
    // A real SMS provider without bot credentials: the tests say so explicitly (SECURITY.md).
    ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
    CODE_HASH_SECRET: 'test-secret-test-secret-test-secret-0123',
    UNIFORM_ANSWER_MIN_MS: '0',
    STORAGE: 'memory',
    // Most tests count the code SMS; the owner's change notice is switched on where it is tested.
    NOTIFY_OWNER_SMS: 'false',
    // Likewise the lockout watcher: a look at start would add directory and Graph calls to every test.
    LOCKOUT_WATCH_SECONDS: '0',
    REMINDER_CHECK_SECONDS: '0',
    ...env,
  });
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
  const app = await createApp(config, { logDestination: logStream, ...overrides });
  const running = await app.start();
  return {
    app,
    botUrl: running.url,
    connector,
    sms,
    logs,
    user: (options = {}) => new TeamsUser({ botUrl: running.url, serviceUrl, connector, ...options }),
    stop: async () => {
      await app.stop();
      await Promise.all([sms.stop(), connector.stop()]);
    },
  };
}
