import { randomUUID } from 'node:crypto';
import type { Attachment, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { wordsFor, type ChatWords, type HelpStep } from '../language';
import { ComponentDialog, WaterfallDialog } from './dialogKit';
import { endCard, withNote } from '../cards';
import type { Logger } from '../reset/ports';
import type { ResetService } from '../reset/resetService';
import { CardInputPrompt } from './cardInputPrompt';
import { CaseCard, type ActiveCase } from './caseCard';
import { isHelp, isStart, readUserInput, type UserInput } from './userInput';

/** What every step dialog needs; passed in so tests can build the steps with real or fake parts. */
export interface StepDependencies {
  readonly reset: ResetService;
  readonly logger: Logger;
  readonly servicedeskPhone: string;
  readonly codeValidMinutes: number;
  readonly activeCase: StatePropertyAccessor<ActiveCase | undefined>;
}

export interface StepOptions {
  readonly caseId: string;
  /** Said on the re-shown card when the previous answer was not accepted. */
  readonly errors?: readonly string[];
  /** Said on the card above the step (what "hjälp" explains). */
  readonly note?: string;
}

export interface CardRequest {
  readonly context: TurnContext;
  readonly m: ChatWords;
  readonly nonce: string;
  /** The step's own memory for this showing of the card (kept until the answer arrives). */
  readonly values: Record<string, unknown>;
}

/**
 * A step of the reset conversation: show the case's card at this step, wait for its answer (typed or
 * submitted), act on it. Every showing goes through `CaseCard`: a press updates the pressed card, so a
 * press costs one connector call and nothing typed into an input stays on screen. A rejected answer
 * shows the step again with the reason inside the card; "hjälp" and "hej" show it again with this
 * step's help or as it was.
 */
export abstract class CardStepDialog<O extends StepOptions> extends ComponentDialog {
  private readonly flowId: string;
  private readonly promptId: string;
  protected readonly log: Logger;
  protected readonly caseCard: CaseCard;
  /** The step also takes the bot's own "your manager answered" turn (the approval step). */
  protected readonly awaitsApproval: boolean = false;

  constructor(
    id: string,
    protected readonly deps: StepDependencies,
    private readonly helpStep: HelpStep,
    private readonly textIsSecret = false,
  ) {
    super(id);
    this.flowId = `${id}.flow`;
    this.promptId = `${id}.input`;
    this.log = deps.logger.child({ dialog: id });
    this.caseCard = new CaseCard(deps.activeCase, deps.logger);
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

  /** "hjälp" explains this step on its card; "hej" shows the card again (say, after a lost update). */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const input = readUserInput(innerDc.context.activity);
    const help = isHelp(input);
    if (!help && !isStart(input)) return super.onContinueDialog(innerDc);
    const flow = innerDc.stack[0];
    const options = ((flow?.state as { options?: O } | undefined)?.options ?? {}) as O;
    const m = wordsFor(innerDc.context.activity.locale).chat;
    const { errors: _errors, note: _note, ...rest } = options;
    const again = {
      ...rest,
      ...(help ? { note: m.stepHelp(this.helpStep, this.deps.servicedeskPhone) } : {}),
    } as O;
    await innerDc.cancelAllDialogs();
    return innerDc.beginDialog(this.flowId, again);
  }

  /** Shows the card again, with what was wrong. */
  protected retry(
    step: WaterfallStepContext,
    options: O,
    errors: readonly string[],
  ): Promise<DialogTurnResult> {
    const { note: _note, ...rest } = options;
    return step.replaceDialog(this.flowId, { ...rest, errors });
  }

  /** The step is done: its line joins the card's finished steps, and the next step takes the card. */
  protected async finish(
    step: WaterfallStepContext,
    line: string,
    result: unknown,
  ): Promise<DialogTurnResult> {
    await this.caseCard.addProgress(step.context, line);
    return step.endDialog(result);
  }

  /** The case ends at this step: the card says why, under the steps that were done. */
  protected async stop(step: WaterfallStepContext, message: string): Promise<DialogTurnResult> {
    const m = wordsFor(step.context.activity.locale).chat;
    await this.caseCard.show(step.context, endCard({ m, lines: [], message }));
    return step.endDialog({ next: 'end' });
  }

  private async showCard(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as O;
    const m = wordsFor(step.context.activity.locale).chat;
    const nonce = randomUUID();
    const card = await this.card(options, { context: step.context, m, nonce, values: valuesOf(step) });
    await this.caseCard.show(step.context, options.note ? withNote(card, options.note) : card);
    return step.prompt(this.promptId, {
      validations: {
        caseId: options.caseId,
        nonce,
        textIsSecret: this.textIsSecret,
        ...(this.awaitsApproval ? { awaitsApproval: true } : {}),
      },
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
