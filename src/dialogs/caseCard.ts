import { MessageFactory, type Attachment, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { endCard, withProgress } from '../cards';
import { wordsFor } from '../language';
import { errorText } from '../lib/errorText';
import type { Logger } from '../reset/ports';
import { readUserInput } from './userInput';

/** The case this conversation is working on, kept in conversation state next to the dialog stack. */
export interface ActiveCase {
  readonly caseId: string;
  /** The activity that shows the case's card; a press on it is answered by updating it. */
  readonly cardId?: string;
  /** One line per finished step ("Användarnamn: anna.svensson"), shown at the top of the card. */
  readonly progress?: readonly string[];
  /** How many of those lines the card on screen shows: its summary when an answer is typed instead. */
  readonly shown?: number;
}

/** HTTP answers that mean "this activity cannot be updated": post the next card instead. */
const CANNOT_UPDATE = new Set([400, 403, 404, 405, 501]);

/** What the connector answers when it is throttling or down: the paced sender retried these already. */
const GAVE_UP = new Set([408, 412, 429, 500, 502, 503, 504]);

/**
 * The case as one card that changes (DESIGN.md §2). A press on the case's card is answered with one
 * connector call, an update of that card into the next step. A typed answer turns the open card into a
 * summary of what it showed and posts the next card below the typed text. When an update cannot be
 * made (deleted message, a client that cannot update) the next card is posted instead. When the
 * connector gives up (throttled or down beyond the turn's budget) nothing is thrown: the case keeps its
 * state and "hej" shows its card again.
 */
export class CaseCard {
  private readonly log: Logger;

  constructor(
    private readonly activeCase: StatePropertyAccessor<ActiveCase | undefined>,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'case-card' });
  }

  async progress(context: TurnContext): Promise<readonly string[]> {
    return (await this.activeCase.get(context))?.progress ?? [];
  }

  /** Records a finished step; it shows on every card of the case from now on. */
  async addProgress(context: TurnContext, line: string): Promise<void> {
    const active = await this.activeCase.get(context);
    if (!active) return;
    await this.activeCase.set(context, { ...active, progress: [...(active.progress ?? []), line] });
  }

  /** Shows the next step (or the case's end) as the case's card, with the finished steps on top. */
  async show(context: TurnContext, step: Attachment): Promise<void> {
    const active = await this.activeCase.get(context);
    const lines = active?.progress ?? [];
    const card = withProgress(step, lines);
    const pressed = this.pressedCard(context, active);
    if (pressed !== undefined) {
      const updated = await this.update(context, pressed, card);
      if (updated !== 'cannot-update') {
        if (updated === 'updated') await this.remember(context, pressed, lines.length);
        return;
      }
    } else if (active?.cardId !== undefined) {
      const m = wordsFor(context.activity.locale).chat;
      const summary = endCard({ m, lines: lines.slice(0, active.shown ?? 0), message: m.answeredBelow });
      await this.update(context, active.cardId, summary);
    }
    const posted = await this.post(context, card);
    if (posted !== undefined) await this.remember(context, posted, lines.length);
  }

  /**
   * Ends the case on its card (cancel): a press turns the pressed card into `card`; a typed command
   * turns the open card into it and gets `typedReply` below what was typed.
   */
  async close(context: TurnContext, card: Attachment, typedReply: string): Promise<void> {
    const active = await this.activeCase.get(context);
    const pressed = this.pressedCard(context, active);
    const target = pressed ?? active?.cardId;
    const updated = target !== undefined ? await this.update(context, target, card) : 'cannot-update';
    if (pressed !== undefined && updated !== 'cannot-update') return;
    await this.post(context, pressed !== undefined ? card : typedReply);
  }

  /** The case's card this turn pressed, if it is one: a press of another case's card gets a new card. */
  private pressedCard(context: TurnContext, active: ActiveCase | undefined): string | undefined {
    const input = readUserInput(context.activity);
    // The manager's answer moves the waiting card on, as a press on it would.
    if (input.kind === 'approval-answered' && active?.cardId !== undefined) return active.cardId;
    if (input.kind !== 'submit' || active === undefined || input.submit.caseId !== active.caseId) {
      return undefined;
    }
    // A client that reads its replies from the response (expectReplies) never sees an update.
    if (context.activity.deliveryMode === 'expectReplies') return undefined;
    return context.activity.replyToId ?? active.cardId;
  }

  private async remember(context: TurnContext, cardId: string, shown: number): Promise<void> {
    const active = await this.activeCase.get(context);
    if (active) await this.activeCase.set(context, { ...active, cardId, shown });
  }

  private async update(
    context: TurnContext,
    id: string,
    card: Attachment,
  ): Promise<'updated' | 'cannot-update' | 'gave-up'> {
    try {
      await context.updateActivity({
        ...MessageFactory.attachment(card),
        id,
        conversation: context.activity.conversation,
      });
      return 'updated';
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || CANNOT_UPDATE.has(status)) {
        this.log.info({ status, err: errorText(error) }, 'card could not be updated, posting it instead');
        return 'cannot-update';
      }
      this.log.warn({ status, err: errorText(error) }, 'connector gave up on a card update');
      return 'gave-up';
    }
  }

  private async post(context: TurnContext, message: Attachment | string): Promise<string | undefined> {
    try {
      const activity =
        typeof message === 'string' ? MessageFactory.text(message) : MessageFactory.attachment(message);
      return (await context.sendActivity(activity))?.id;
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || !GAVE_UP.has(status)) throw error;
      // Throttled or down past the turn's budget: the case keeps its state; "hej" shows the card again.
      this.log.warn({ status, err: errorText(error) }, 'connector gave up on posting the card');
      return undefined;
    }
  }
}

/** The HTTP status of a failed connector call (`RestError.statusCode`), if it was one. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
