import type { Middleware, TurnContext } from 'botbuilder';
import { submitSchema } from '../cards/actions';
import { messagesFor } from '../dialogs/messages';
import { ConflictError } from '../reset/errors';
import type { Logger, RecordStore } from '../reset/ports';

export interface SeenInConversation {
  readonly activityIds: readonly string[];
  readonly nonces: readonly string[];
}

type Verdict = 'new' | 'repeated-activity' | 'spent-card';

/**
 * Teams delivers at least once: a slow turn is retried with the same activity id, and a double tap
 * sends one card twice. Both are caught here, in the shared store, before the dialog runs: an activity
 * id is processed once, and a card (its nonce) can be answered once.
 */
export class DuplicateGuard implements Middleware {
  private readonly log: Logger;

  constructor(
    private readonly store: RecordStore<SeenInConversation>,
    logger: Logger,
    private readonly remembered = 100,
  ) {
    this.log = logger.child({ module: 'duplicate-guard' });
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    if (activity.type !== 'message' || !activity.conversation?.id) return next();
    // Only a well-formed submit spends its card: garbage carrying a copied nonce must not disable it.
    const submit = submitSchema.safeParse(activity.value);
    const nonce = submit.success ? submit.data.nonce : undefined;
    if (!activity.id && nonce === undefined) return next();

    const verdict = await this.remember(
      `${activity.channelId}/${activity.conversation.id}`,
      activity.id,
      nonce,
    );
    if (verdict === 'new') return next();
    this.log.info({ activityId: activity.id, verdict }, 'duplicate delivery ignored');
    if (verdict === 'spent-card') await context.sendActivity(messagesFor(activity.locale).staleCard);
  }

  private async remember(
    conversationKey: string,
    activityId: string | undefined,
    nonce: string | undefined,
  ): Promise<Verdict> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const current = await this.store.get(conversationKey);
      const seen = current?.value ?? { activityIds: [], nonces: [] };
      if (activityId && seen.activityIds.includes(activityId)) return 'repeated-activity';
      if (nonce && seen.nonces.includes(nonce)) return 'spent-card';
      const next: SeenInConversation = {
        activityIds: activityId
          ? [...seen.activityIds, activityId].slice(-this.remembered)
          : seen.activityIds,
        nonces: nonce ? [...seen.nonces, nonce].slice(-this.remembered) : seen.nonces,
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
}
