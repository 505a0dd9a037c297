import { randomUUID } from 'node:crypto';
import { MessageFactory, type Attachment, type TurnContext } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { wordsFor, type ChatWords } from '../language';
import { ComponentDialog, WaterfallDialog } from './dialogKit';
import { summaryCard } from '../cards';
import { errorText } from '../lib/errorText';
import type { Logger } from '../reset/ports';
import type { ResetService } from '../reset/resetService';
import { CardInputPrompt } from './cardInputPrompt';
import type { UserInput } from './userInput';

/** What every step dialog needs; passed in so tests can build the steps with real or fake parts. */
export interface StepDependencies {
  readonly reset: ResetService;
  readonly logger: Logger;
  readonly servicedeskPhone: string;
  readonly codeValidMinutes: number;
}

export interface StepOptions {
  readonly caseId: string;
  /** Said on the re-shown card when the previous answer was not accepted. */
  readonly errors?: readonly string[];
}

export interface CardRequest {
  readonly context: TurnContext;
  readonly m: ChatWords;
  readonly nonce: string;
  /** The step's own memory for this showing of the card (kept until the answer arrives). */
  readonly values: Record<string, unknown>;
}

/**
 * A step of the reset conversation: show a card, wait for its answer (typed or submitted), act on it.
 * A rejected answer re-shows the card with the reason; a submitted card is replaced by a summary
 * without inputs, so nothing typed into it stays on screen and it cannot be submitted twice.
 */
export abstract class CardStepDialog<O extends StepOptions> extends ComponentDialog {
  private readonly flowId: string;
  private readonly promptId: string;
  protected readonly log: Logger;

  constructor(
    id: string,
    protected readonly deps: StepDependencies,
    private readonly textIsSecret = false,
  ) {
    super(id);
    this.flowId = `${id}.flow`;
    this.promptId = `${id}.input`;
    this.log = deps.logger.child({ dialog: id });
    this.addDialog(new CardInputPrompt(this.promptId, this.log));
    this.addDialog(
      new WaterfallDialog(this.flowId, [this.showCard.bind(this), this.receiveAnswer.bind(this)]),
    );
    this.initialDialogId = this.flowId;
  }

  protected abstract card(options: O, request: CardRequest): Promise<Attachment>;

  protected abstract handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: O,
    m: ChatWords,
  ): Promise<DialogTurnResult>;

  /** Shows the card again, with what was wrong. */
  protected retry(
    step: WaterfallStepContext,
    options: O,
    errors: readonly string[],
  ): Promise<DialogTurnResult> {
    return step.replaceDialog(this.flowId, { ...options, errors });
  }

  /**
   * Replaces the card that was answered with a summary, whether it was answered on the card or by
   * typing in the chat. Teams points a submit's `replyToId` at the card; the id we got back when
   * sending it covers typed answers and clients that do not. A client that cannot update keeps the old
   * card, which is harmless: its nonce is spent.
   */
  protected async replaceAnsweredCard(
    step: WaterfallStepContext,
    lines: readonly string[],
    checkmark = true,
  ): Promise<void> {
    const context = step.context;
    const sentId = valuesOf(step)['cardActivityId'] as string | undefined;
    const cardId = context.activity.value !== undefined ? (context.activity.replyToId ?? sentId) : sentId;
    if (!cardId) return;
    const summary = MessageFactory.attachment(summaryCard({ lines, checkmark }));
    try {
      await context.updateActivity({ ...summary, id: cardId, conversation: context.activity.conversation });
    } catch (error) {
      this.log.warn({ err: errorText(error) }, 'could not replace the answered card');
    }
  }

  /**
   * The answered card gives way to a neutral summary and a fresh card follows with what was wrong.
   * The reason goes on the new card, not only the replaced one: a client that cannot update (or
   * `expectReplies`) would never show it.
   */
  protected async retryAfterAnswer(
    step: WaterfallStepContext,
    options: O,
    summary: string,
    errors: readonly string[],
  ): Promise<DialogTurnResult> {
    await this.replaceAnsweredCard(step, [summary], false);
    return this.retry(step, options, errors);
  }

  private async showCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as O;
    const m = wordsFor(step.context.activity.locale).chat;
    const nonce = randomUUID();
    const card = await this.card(options, { context: step.context, m, nonce, values: valuesOf(step) });
    const sent = await step.context.sendActivity(MessageFactory.attachment(card));
    valuesOf(step)['cardActivityId'] = sent?.id;
    return step.prompt(this.promptId, {
      validations: { caseId: options.caseId, nonce, textIsSecret: this.textIsSecret },
    });
  }

  private async receiveAnswer(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as O;
    const m = wordsFor(step.context.activity.locale).chat;
    return this.handle(step, step.result as UserInput, options, m);
  }
}

/** A waterfall step's own memory, persisted with the dialog stack. */
export function valuesOf(step: WaterfallStepContext): Record<string, unknown> {
  return step.values as Record<string, unknown>;
}
