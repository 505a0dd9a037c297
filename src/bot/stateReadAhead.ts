import { AsyncLocalStorage } from 'node:async_hooks';
import {
  ConversationState,
  type Middleware,
  type Storage,
  type StoreItem,
  type StoreItems,
  type TurnContext,
} from 'botbuilder';
import type { Logger, RecordStore } from '../reset/ports';
import {
  DuplicateGuard,
  seenKey,
  type DuplicateGuardOptions,
  type SeenInConversation,
} from './duplicateGuard';

/** A store's create-only write (`CreateOnlyStorage` in src/storage), passed on where the store has one. */
type CreateIfAbsent = (key: string, item: StoreItem) => Promise<boolean>;

/** A key a turn is sure to read, for its context; none when the turn reads no such key. */
export type TurnKey = (context: TurnContext) => string | undefined;

/**
 * One bot-state read per turn: the keys every turn reads (its conversation state, its duplicate-delivery
 * record) are fetched together, in one `Storage.read`, when the turn starts, and each is then served
 * once from that read. Once: a second read of a key (a retry after a conflict), and a read after the turn
 * wrote the key, go to the store; nothing is kept past the turn, as instances share the store.
 */
export class StateReadAhead implements Storage, Middleware {
  /** Passed on where the store has it (`BotStorageRecordStore` looks for it). */
  readonly createIfAbsent?: CreateIfAbsent;
  private readonly turn = new AsyncLocalStorage<Map<string, StoreItem | undefined>>();

  constructor(
    private readonly storage: Storage,
    private readonly keys: readonly TurnKey[],
  ) {
    const createIfAbsent = (storage as { createIfAbsent?: CreateIfAbsent }).createIfAbsent;
    if (typeof createIfAbsent === 'function') {
      this.createIfAbsent = (key, item) => {
        this.forget([key]);
        return createIfAbsent.call(storage, key, item);
      };
    }
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const keys = [...new Set(this.keys.map((key) => key(context)))].filter((key) => key !== undefined);
    if (keys.length === 0) return next();
    const items = await this.storage.read(keys);
    await this.turn.run(new Map(keys.map((key) => [key, items[key] as StoreItem | undefined])), next);
  }

  async read(keys: string[]): Promise<StoreItems> {
    const ahead = this.turn.getStore();
    const found: StoreItems = {};
    const rest: string[] = [];
    for (const key of keys) {
      if (!ahead?.has(key)) {
        rest.push(key);
        continue;
      }
      const item = ahead.get(key);
      ahead.delete(key);
      if (item !== undefined) found[key] = item;
    }
    return rest.length > 0 ? { ...(await this.storage.read(rest)), ...found } : found;
  }

  write(changes: StoreItems): Promise<void> {
    this.forget(Object.keys(changes));
    return this.storage.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    this.forget(keys);
    return this.storage.delete(keys);
  }

  private forget(keys: readonly string[]): void {
    const ahead = this.turn.getStore();
    for (const key of keys) ahead?.delete(key);
  }
}

/** Where the duplicate guard keeps its records: in `over`, a view of the bot's store (`Stores.records`). */
export type SeenRecords = (prefix: string, over: Storage) => RecordStore<SeenInConversation>;

/**
 * The bot's conversation state, and the middleware that reads it: a read-ahead that fetches the state
 * together with the duplicate guard's record of the conversation (one read a turn for both), then the
 * guard itself, whose store it is. The middleware goes in after the channel and tenant guards.
 */
export function turnState(
  storage: Storage,
  records: SeenRecords,
  options: DuplicateGuardOptions & { readonly logger: Logger },
): {
  conversationState: ConversationState;
  middleware: readonly Middleware[];
  seen: RecordStore<SeenInConversation>;
  duplicates: DuplicateGuard;
} {
  const prefix = 'seen';
  const stateReads: StateReadAhead = new StateReadAhead(storage, [
    (context): string | undefined => conversationState.getStorageKey(context),
    (context) => (context.activity.conversation?.id ? `${prefix}/${seenKey(context.activity)}` : undefined),
  ]);
  const conversationState: ConversationState = new ConversationState(stateReads);
  const seen = records(prefix, stateReads);
  const { logger, ...guard } = options;
  const duplicates = new DuplicateGuard(seen, logger, guard);
  return { conversationState, middleware: [stateReads, duplicates], seen, duplicates };
}
