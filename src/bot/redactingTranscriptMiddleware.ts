import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  TurnContext,
  type Activity,
  type Middleware,
  type TranscriptLogger,
} from 'botbuilder';
import type { Logger } from '../reset/ports';
import { redactActivity, redactBotActivity } from './activityRedaction';
import { Masker } from './redactionRules';
import { turnRedactionOf } from './turnRedaction';

/** A transcript entry with the case it belongs to, so a case page shows only its own part. */
export type CaseTaggedActivity = Activity & { caseId?: string };

/**
 * botbuilder's `TranscriptLoggerMiddleware`, redacting with what the turn knows: the user's activity
 * by the step it answered (a code step masks every run of digits, the password step every
 * password-like word, the account step the whole name unless it matched an account), and the bot's
 * activities of the same turn for everything masked in the user's. Each entry is tagged with its case.
 * Written when the turn ends, as botbuilder's does, and not awaited by the turn.
 */
export class RedactingTranscriptMiddleware implements Middleware {
  private readonly log: Logger;

  constructor(
    private readonly store: TranscriptLogger,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'transcript' });
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const incoming = context.activity;
    if (incoming.from && !incoming.from.role) incoming.from.role = 'user';
    const received = { ...incoming };
    const sent: Activity[] = [];
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      const responses = await nextSend();
      activities.forEach((activity, index) => {
        sent.push({ ...activity, id: responses?.[index]?.id ?? activity.id } as Activity);
      });
      return responses;
    });
    context.onUpdateActivity(async (_ctx, activity, nextUpdate) => {
      const response = await nextUpdate();
      // An entry of its own: every press updates the case's one card, and entries sharing the card's id
      // break a store's paging by id (botbuilder's MemoryTranscriptStore continues after the *first*
      // entry with the token's id, so a case's later pages repeated earlier ones). `replyToId` names
      // the card it became.
      sent.push({
        ...activity,
        type: ActivityTypes.MessageUpdate,
        id: `${activity.id ?? 'card'}~${randomUUID()}`,
        replyToId: activity.id,
      } as Activity);
      return response;
    });
    context.onDeleteActivity(async (_ctx, reference, nextDelete) => {
      await nextDelete();
      sent.push(
        TurnContext.applyConversationReference(
          { type: ActivityTypes.MessageDelete, id: reference.activityId },
          reference,
          false,
        ) as Activity,
      );
    });
    try {
      await next();
    } finally {
      // A turn that failed is still kept; if redaction itself fails, nothing of the turn is.
      try {
        this.write(context, received, sent);
      } catch (error) {
        this.failed(error);
      }
    }
  }

  private write(context: TurnContext, received: Activity, sent: readonly Activity[]): void {
    const turn = turnRedactionOf(context);
    const masker = new Masker();
    const entries = [
      tag(redactActivity(received, turn, masker), caseIdOf(received) ?? turn.caseId),
      ...sent.map((activity) => tag(redactBotActivity(activity, masker), caseIdOf(activity) ?? turn.caseId)),
    ];
    for (const entry of entries) {
      // Always a Date: an incoming activity's timestamp is the JSON string Teams sent, and stores compare
      // and sort by it (botbuilder's MemoryTranscriptStore filters `timestamp >= startDate`, which is
      // false for a string, and sorts strings and Dates in no stable order).
      entry.timestamp = entry.timestamp !== undefined ? new Date(entry.timestamp) : new Date();
      entry.id ??= `g_${new Date(entry.timestamp).getTime()}_${Math.random().toString(36).slice(2, 8)}`;
      try {
        void Promise.resolve(this.store.logActivity(entry)).catch((error: unknown) => this.failed(error));
      } catch (error) {
        this.failed(error);
      }
    }
  }

  private failed(error: unknown): void {
    this.log.warn({ err: error instanceof Error ? error.message : String(error) }, 'transcript write failed');
  }
}

function tag(activity: Activity, caseId: string | undefined): CaseTaggedActivity {
  return caseId !== undefined ? { ...activity, caseId } : activity;
}

/** The case a card or a card's submit names (our cards carry it in every action's data). */
function caseIdOf(activity: Activity): string | undefined {
  const fromValue = (activity.value as { caseId?: unknown } | undefined)?.caseId;
  if (typeof fromValue === 'string') return fromValue;
  let found: string | undefined;
  const visit = (node: unknown): void => {
    if (found !== undefined || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const data = (node as { data?: { caseId?: unknown } }).data;
    if (typeof data?.caseId === 'string') found = data.caseId;
    else Object.values(node).forEach(visit);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content);
  return found;
}
