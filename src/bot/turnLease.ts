import { randomUUID } from 'node:crypto';
import { ActivityEventNames, ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { wordsFor } from '../language';
import { errorText } from '../lib/errorText';
import { KeyedMutex } from '../lib/keyedMutex';
import { currentTurnStart, runTurn } from '../lib/turnBudget';
import { Lease, type LeaseRecord } from '../reset/lease';
import { systemClock, type Logger, type RecordStore } from '../reset/ports';
import type { DuplicateGuard } from './duplicateGuard';

export interface TurnLeaseOptions {
  /** A lease not renewed lapses after this: a killed instance blocks its conversations no longer. */
  readonly ttlMs?: number;
  /** How long a turn waits for another turn of its conversation, counted from its own start. */
  readonly waitMs?: number;
  /** Whether this activity was already handled (the duplicate guard's record): then it ends silently. */
  readonly alreadyHandled?: (context: TurnContext) => Promise<boolean>;
}

/**
 * One turn at a time per conversation across instances (STORAGE=azure). The in-process mutex orders
 * this instance's turns; the lease, a record in the shared store taken with ETags, orders them
 * between instances. A turn takes it before anything else reads the conversation (the duplicate guard,
 * the state), renews it while it runs and gives it up at its end. A turn that finds it taken waits, but
 * only as long as Teams waits for an answer allows, then asks the user to send again, instead of running
 * beside the other turn. It runs before the duplicate guard, so the activity it turned away is not
 * marked as seen and the same card can be pressed again.
 */
export class TurnLease implements Middleware {
  private readonly log: Logger;
  private readonly local = new KeyedMutex();
  private readonly ttlMs: number;
  private readonly waitMs: number;

  constructor(
    private readonly store: RecordStore<LeaseRecord>,
    logger: Logger,
    private readonly options: TurnLeaseOptions = {},
  ) {
    this.log = logger.child({ module: 'turn-lease' });
    this.ttlMs = options.ttlMs ?? 10_000;
    this.waitMs = options.waitMs ?? 5_000;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const activity = context.activity;
    const conversationId = activity.conversation?.id;
    // A proactive send (a notice, an alert) is no turn of the person: it reads no conversation state,
    // and one sent from inside a turn of the same chat must not wait for that turn's own lease.
    const proactive =
      activity.type === (ActivityTypes.Event as string) &&
      activity.name === (ActivityEventNames.ContinueConversation as string);
    if (!conversationId || proactive) return next();
    const key = `${context.activity.channelId}/${conversationId}`;
    // The turn's budget starts here, so the wait counts against the 15 s Teams allows.
    const startedAt = currentTurnStart() ?? Date.now();
    await runTurn(startedAt, () => this.local.run(key, () => this.leased(key, startedAt, context, next)));
  }

  private async leased(
    key: string,
    startedAt: number,
    context: TurnContext,
    next: () => Promise<void>,
  ): Promise<void> {
    const lease = new Lease(this.store, key, randomUUID(), systemClock);
    if (!(await this.take(lease, startedAt + this.waitMs))) {
      const activity = context.activity;
      this.log.info(
        { activityId: activity.id, activityType: activity.type },
        'turn refused: another turn of the conversation runs',
      );
      // Only a person's message gets an answer; an event (an install, a typing signal) is let go.
      if (activity.type !== 'message' || (await this.options.alreadyHandled?.(context))) return;
      await context.sendActivity(wordsFor(activity.locale).chat.busy);
      return;
    }
    const renewal = setInterval(() => {
      lease.acquire(this.ttlMs).then(
        (kept) => kept || this.log.warn({}, 'turn lease lost while the turn ran'),
        (error: unknown) => this.log.warn({ err: errorText(error) }, 'could not renew the turn lease'),
      );
    }, this.ttlMs / 3);
    renewal.unref();
    try {
      await next();
    } finally {
      clearInterval(renewal);
      // Not released: it lapses by itself, later.
      await lease
        .release()
        .catch((error: unknown) =>
          this.log.warn({ err: errorText(error) }, 'could not release the turn lease'),
        );
    }
  }

  private async take(lease: Lease, deadline: number): Promise<boolean> {
    for (let pause = 25; ; pause = Math.min(pause * 2, 400)) {
      if (await lease.acquire(this.ttlMs)) return true;
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/**
 * The turn lease for a shared store (STORAGE=azure), to run before the state read-ahead and the duplicate
 * guard: state read before the lease was held could be older than another instance's turn. SQLite and
 * memory serve one process, whose per-conversation mutex in ResetBot is enough: none there.
 */
export function turnLease(
  stores: { readonly kind: string; readonly records: <T extends object>(prefix: string) => RecordStore<T> },
  duplicates: DuplicateGuard,
  logger: Logger,
): Middleware | undefined {
  if (stores.kind !== 'azure') return undefined;
  return new TurnLease(stores.records<LeaseRecord>('turns'), logger, {
    alreadyHandled: (context) => duplicates.alreadyHandled(context),
  });
}
