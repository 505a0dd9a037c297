/**
 * The design's floor: what every turn of the bot must do by DESIGN.md and the issues, with no dialog,
 * no domain rule, no directory and no SMS. It is built from the bot's own parts: its HTTP server
 * (activity validation), its adapter, its middleware (tenant guard, state read-ahead, duplicate guard,
 * redacting transcript middleware), conversation state, cases and audit in its SQLite file, and its card
 * renderers. Each turn reads the conversation state and the duplicate record in one read, reads the case
 * record, writes it with one audit event in one transaction, writes the state and answers with a card; a card press (`value`) updates the pressed card into the next
 * one (`updateActivity` on `replyToId`, DESIGN.md §2 "One card per case"): one connector call a press,
 * as the echo makes, and as the bot's presses do.
 *
 * With FLOOR_MODE=post, a press gets the next card posted and the answered card stays as it is (the
 * same one call, a POST instead of a PUT). With FLOOR_MODE=replace, the design before one card per
 * case: the answered card replaced by a summary, then the next card posted (two calls a press).
 *
 * With FLOOR_MODE=invoke, card presses come as Universal Actions instead (`Action.Execute`, an
 * `adaptiveCard/action` invoke) and the next card goes back in the invoke response: no connector call
 * on those turns. That is what the design would cost if it changed to Universal Actions.
 *
 * The floor leaves out work the bot also does (throttles, SMS budget, code hashing, the dialog stack),
 * so a ratio the floor cannot reach, the bot cannot reach on this stack either.
 */
import { randomUUID } from 'node:crypto';
import {
  ActivityHandler,
  MessageFactory,
  type ConversationState,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type Attachment,
  type TurnContext,
} from 'botbuilder';
import { loadConfig } from '../src/config';
import { createAdapter, createTurnErrorHandler } from '../src/bot/adapter';
import { seenKey, type SeenInConversation } from '../src/bot/duplicateGuard';
import { RedactingTranscriptMiddleware } from '../src/bot/redactingTranscriptMiddleware';
import { turnState } from '../src/bot/stateReadAhead';
import { ChannelGuard, TenantGuard } from '../src/bot/tenantGuard';
import { choiceCard } from '../src/cards/choiceCard';
import { summaryCard } from '../src/cards/summaryCard';
import { wordsFor } from '../src/language';
import { createLogger } from '../src/logging/logger';
import type { CaseRecord } from '../src/reset/case';
import type { CaseStore, RecordStore } from '../src/reset/ports';
import { createServer, listen } from '../src/server';
import { BotStorageRecordStore } from '../src/storage/botStorageRecordStore';
import { openSqliteStores } from '../src/storage/sqlite/stores';
import { benchSenderOptions, isStatsRequest, processStats, send } from './protocol';

interface FloorState {
  readonly caseId: string;
  readonly turns: number;
}

class FloorBot extends ActivityHandler {
  private readonly floorState;
  /** In invoke mode the duplicate guard (messages only) does not see presses: the same read and write. */
  private readonly seen: RecordStore<SeenInConversation>;

  constructor(
    private readonly state: ConversationState,
    private readonly cases: CaseStore,
    seen: RecordStore<SeenInConversation>,
  ) {
    super();
    this.floorState = state.createProperty<FloorState | undefined>('floor');
    this.seen = seen;
    this.onMessage(async (context, next) => {
      const card = await this.step(context);
      const answered = context.activity.replyToId;
      const mode = process.env.FLOOR_MODE ?? 'update';
      const pressed = context.activity.value !== undefined && answered !== undefined;
      if (pressed && mode === 'update') {
        await context.updateActivity({
          ...MessageFactory.attachment(card),
          id: answered,
          conversation: context.activity.conversation,
        });
        return next();
      }
      if (pressed && mode === 'replace') {
        const summary = summaryCard({
          lines: [wordsFor('sv').chat.submittedChoice(wordsFor('sv').chat.choiceKeep)],
        });
        await context.updateActivity({
          ...MessageFactory.attachment(summary),
          id: answered,
          conversation: context.activity.conversation,
        });
      }
      await context.sendActivity(MessageFactory.attachment(card));
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    _invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const key = seenKey(context.activity);
    const current = await this.seen.get(key);
    const id = context.activity.id ?? randomUUID();
    await this.seen.put(
      key,
      {
        activityIds: [...(current?.value.activityIds ?? []), id].slice(-100),
        activityAt: [...(current?.value.activityAt ?? []), Date.now()].slice(-100),
        nonces: current?.value.nonces ?? [],
        nonceAt: current?.value.nonceAt ?? [],
      },
      current?.etag,
    );
    const card = await this.step(context);
    return {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: card.content as Record<string, unknown>,
    };
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.state.saveChanges(context);
  }

  /** State, case and audit as one step of the bot writes them; returns the next card. */
  private async step(context: TurnContext): Promise<Attachment> {
    const now = new Date().toISOString();
    const previous = await this.floorState.get(context);
    const caseId = previous?.caseId ?? randomUUID();
    await this.floorState.set(context, { caseId, turns: (previous?.turns ?? 0) + 1 });
    const stored = previous ? await this.cases.get(caseId) : undefined;
    const base: CaseRecord = stored?.value ?? {
      id: caseId,
      conversationId: context.activity.conversation.id,
      channelId: context.activity.channelId,
      createdAt: now,
      updatedAt: now,
      requester: {
        userId: context.activity.from.id,
        ...(context.activity.from.aadObjectId ? { aadObjectId: context.activity.from.aadObjectId } : {}),
        ...(context.activity.from.name ? { name: context.activity.from.name } : {}),
      },
      locale: 'sv-SE',
      codesSent: 0,
      steps: [],
    };
    await this.cases.saveWithEvents(
      { ...base, updatedAt: now, steps: [...base.steps, { step: 'choice-made', at: now }] },
      [{ at: now, caseId, type: 'choice-made' }],
      stored?.etag,
    );
    return choiceCard({ m: wordsFor('sv').chat, caseId, nonce: randomUUID() });
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ level: config.logLevel });
  const sqlite = openSqliteStores(config.storage.sqliteFile, { transcriptDays: 30, auditDays: 365 });
  // As src/index.ts: the conversation state and the duplicate record in one read, then the guard.
  const { conversationState, middleware, seen } = turnState(
    sqlite.storage,
    (prefix, over) => new BotStorageRecordStore<SeenInConversation>(over, prefix),
    { logger },
  );
  const adapter = createAdapter(config, logger, benchSenderOptions());
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger, conversationState);
  adapter.use(new ChannelGuard(config.security.allowedChannels, logger));
  adapter.use(new TenantGuard(config.security.allowedTenantIds, logger));
  adapter.use(...middleware);
  adapter.use(new RedactingTranscriptMiddleware(sqlite.transcripts, logger));
  const bot = new FloorBot(conversationState, sqlite.cases, seen);
  const server = createServer({ adapter, bot, logger });
  const running = await listen(server, config.port, config.host);
  send({ type: 'listening', port: running.port });
  process.on('message', (message: unknown) => {
    if (isStatsRequest(message)) send({ type: 'stats', ...processStats(message) });
  });
  process.on('SIGTERM', () => {
    void running.close().then(() => {
      sqlite.close();
      process.exit(0);
    });
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `floor bot could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
