import type { Middleware, TurnContext } from 'botbuilder';
import { submitSchema } from '../cards/actions';
import { wordsFor } from '../language';
import { ConflictError } from '../reset/errors';
import type { Logger, RecordStore } from '../reset/ports';

/** Oldest first. `activityAt`/`nonceAt` (epoch ms, one per entry) are missing in records written before they existed. */
export interface SeenInConversation {
  readonly activityIds: readonly string[];
  readonly nonces: readonly string[];
  readonly activityAt?: readonly number[];
  readonly nonceAt?: readonly number[];
}

export interface DuplicateGuardOptions {
  /** At most this many activity ids and as many nonces are remembered per conversation. */
  readonly remembered?: number;
  /**
   * Entries older than this are forgotten. Teams retries within seconds and a double tap comes at
   * once; a Teams personal chat keeps its conversation id for ever, so without an age limit every
   * turn would rewrite the full hundred entries.
   */
  readonly forgetAfterMs?: number;
  readonly now?: () => number;
}

type Verdict = 'new' | 'repeated-activity' | 'spent-card';

/** The conversation's record in the guard's store (the state read-ahead fetches it with the turn's state). */
export function seenKey(activity: TurnContext['activity']): string {
  return `${activity.channelId}/${activity.conversation.id}`;
}

/**
 * Teams delivers at least once: a slow turn is retried with the same activity id, and a double tap
 * sends one card twice. Both are caught here, in the shared store, before the dialog runs: an activity
 * id is processed once, and a card (its nonce) can be answered once.
 */
export class DuplicateGuard implements Middleware {
  private readonly log: Logger;
  private readonly remembered: number;
  private readonly forgetAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly store: RecordStore<SeenInConversation>,
    logger: Logger,
    options: DuplicateGuardOptions = {},
  ) {
    this.log = logger.child({ module: 'duplicate-guard' });
    this.remembered = options.remembered ?? 100;
    this.forgetAfterMs = options.forgetAfterMs ?? 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type !== 'message' || !activity.conversation?.id) return next();
    // Only a well-formed submit spends its card: garbage carrying a copied nonce must not disable it.
    const submit = submitSchema.safeParse(activity.value);
    const nonce = submit.success ? submit.data.nonce : undefined;
    if (!activity.id && nonce === undefined) return next();

    const verdict = await this.remember(seenKey(activity), activity.id, nonce);
    if (verdict === 'new') return next();
    this.log.info({ activityId: activity.id, verdict }, 'duplicate delivery ignored');
    if (verdict === 'spent-card') await context.sendActivity(wordsFor(activity.locale).chat.staleCard);
  }

  /** Whether this activity (its id) was already processed, as far as the shared record tells; reads only. */
  async alreadyHandled(context: TurnContext): Promise<boolean> {
    const activity = context.activity;
    if (!activity.id || !activity.conversation?.id) return false;
    const seen = await this.store.get(`${activity.channelId}/${activity.conversation.id}`);
    return seen?.value.activityIds.includes(activity.id) ?? false;
  }

  private async remember(
    conversationKey: string,
    activityId: string | undefined,
    nonce: string | undefined,
  ): Promise<Verdict> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.store.get(conversationKey);
      const now = this.now();
      const ids = this.recent(current?.value.activityIds, current?.value.activityAt, now);
      const nonces = this.recent(current?.value.nonces, current?.value.nonceAt, now);
      if (activityId && ids.values.includes(activityId)) return 'repeated-activity';
      if (nonce && nonces.values.includes(nonce)) return 'spent-card';
      if (activityId) ids.add(activityId, now, this.remembered);
      if (nonce) nonces.add(nonce, now, this.remembered);
      const next: SeenInConversation = {
        activityIds: ids.values,
        activityAt: ids.at,
        nonces: nonces.values,
        nonceAt: nonces.at,
      };
      try {
        await this.store.put(conversationKey, next, current?.etag);
        return 'new';
      } catch (error) {
        // Someone recorded an activity of this conversation first: look again.
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError(`the duplicate record of ${conversationKey} kept changing`);
  }

  /** The entries young enough to keep; one without a time (an older record) counts as seen now. */
  private recent(values: readonly string[] = [], at: readonly number[] = [], now: number): SeenList {
    const list = new SeenList();
    values.forEach((value, index) => {
      const when = at[index] ?? now;
      if (now - when < this.forgetAfterMs) list.add(value, when, this.remembered);
    });
    return list;
  }
}

class SeenList {
  readonly values: string[] = [];
  readonly at: number[] = [];

  add(value: string, when: number, limit: number): void {
    this.values.push(value);
    this.at.push(when);
    if (this.values.length > limit) {
      this.values.shift();
      this.at.shift();
    }
  }
}
