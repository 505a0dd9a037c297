/**
 * The baseline: the smallest bot the Bot Framework allows on the same stack (CloudAdapter without
 * credentials; the bot's own HTTP layer, its restify setup (`createHttpServer`: body parser, limit,
 * headers, error answers), without the bot's validation; ConversationState in the same kind of storage as the bot: its SQLite file, or
 * MemoryStorage with STORAGE=memory). Each message reads and writes one state property and sends one
 * reply to the activity's serviceUrl.
 */
import type { AddressInfo } from 'node:net';
import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  MemoryStorage,
} from 'botbuilder';
import { createHttpServer, route } from '../src/http/restifyServer';
import { botResponse, sendJson } from '../src/http/responses';
import { COMMON_HEADERS } from '../src/server';
import { openSqliteStores } from '../src/storage/sqlite/stores';
import { isStatsRequest, processStats, send } from './protocol';

class EchoBot extends ActivityHandler {
  constructor(private readonly state: ConversationState) {
    super();
    const turns = state.createProperty<number>('turns');
    this.onMessage(async (context, next) => {
      const count = (await turns.get(context, 0)) + 1;
      await turns.set(context, count);
      await context.sendActivity(`${count}: ${context.activity.text ?? ''}`);
      await next();
    });
  }

  override async run(context: Parameters<ActivityHandler['run']>[0]): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context);
  }
}

async function main(): Promise<void> {
  // The same kind of storage as the bot: its SQLite file (STORAGE=sqlite, the default) or memory.
  const sqlite =
    process.env.STORAGE === 'memory'
      ? undefined
      : openSqliteStores(process.env.SQLITE_FILE ?? 'echo.sqlite', { transcriptDays: 30, auditDays: 365 });
  const conversationState = new ConversationState(sqlite?.storage ?? new MemoryStorage());
  const bot = new EchoBot(conversationState);
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context, error) => {
    process.stderr.write(`echo turn failed: ${error.message}\n`);
    await context.sendActivity('error');
  };
  // The same restify setup as the bot (createServer in src/server.ts), with a silent logger.
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };
  const restify = createHttpServer({ maxBodyBytes: 256 * 1024, headers: COMMON_HEADERS, logger: silent });
  restify.post(
    '/api/messages',
    route(async (req, res) => {
      await adapter.process(req, botResponse(res), (context) => bot.run(context));
    }),
  );
  restify.get(
    '/readyz',
    route((_req, res) => {
      sendJson(res, 200, { status: 'ready' });
    }),
  );
  const server = restify.server;
  await new Promise<void>((resolve) => {
    server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve);
  });
  send({ type: 'listening', port: (server.address() as AddressInfo).port });
  process.on('message', (message: unknown) => {
    if (isStatsRequest(message)) send({ type: 'stats', ...processStats(message) });
  });
  process.on('SIGTERM', () => {
    server.close(() => {
      sqlite?.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`echo bot could not start: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
