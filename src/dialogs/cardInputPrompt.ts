import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult, PromptOptions } from 'botbuilder-dialogs';
import { wordsFor } from '../language';
import { Dialog } from './dialogKit';
import type { Logger } from '../reset/ports';
import { readUserInput, type UserInput } from './userInput';

/** Which card the prompt waits for: submits from any other card are stale. */
export interface ExpectedCard {
  readonly caseId: string;
  readonly nonce: string;
  /** Text typed at this step is never used (the password step), only warned about. */
  readonly textIsSecret?: boolean;
  /** The step waits for a manager's answer, which arrives as the bot's own event in this chat. */
  readonly awaitsApproval?: boolean;
}

type NoiseReason = 'stale' | 'invalid-submit' | 'empty' | 'secret-text';

/** Kept in the dialog stack; the shape botbuilder's `Prompt` uses, so conversations in flight carry on. */
interface PromptInstanceState {
  options: PromptOptions;
  state: Record<string, unknown>;
}

/**
 * Waits for the answer to a card: typed text or a submit of that very card. Anything else (an old
 * card, a malformed submit, an empty message) is answered here and the step keeps waiting, so the
 * step dialogs only ever see input meant for them. `TextPrompt` cannot do this: submits have no text.
 * A plain `Dialog` with the waiting behaviour of botbuilder's `Prompt`: that class would also load
 * the choice recognizers (about 0.1 s of startup) and look up adaptive-dialog state every turn.
 */
export class CardInputPrompt extends Dialog<PromptOptions> {
  constructor(
    dialogId: string,
    private readonly logger: Logger,
  ) {
    super(dialogId);
  }

  /** The card itself is sent by the step: the prompt only starts waiting. */
  override beginDialog(dc: DialogContext, options?: PromptOptions): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptInstanceState;
    state.options = { ...options };
    state.state = {};
    return Promise.resolve(Dialog.EndOfTurn);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const context = dc.context;
    const { options } = dc.activeDialog!.state as PromptInstanceState;
    const expected = options.validations as ExpectedCard;
    const input = readUserInput(context.activity);
    if (input.kind === 'approval-answered') {
      return expected.awaitsApproval === true ? dc.endDialog(input) : Dialog.EndOfTurn;
    }
    if (context.activity.type !== (ActivityTypes.Message as string)) return Dialog.EndOfTurn;
    const noise = classifyNoise(input, expected);
    if (noise === undefined) return dc.endDialog(input);
    if (noise === 'invalid-submit' && input.kind === 'invalid-submit') {
      this.logger.warn(
        { caseId: expected.caseId, problems: input.problems },
        'card submit did not match any schema',
      );
    }
    if (noise === 'stale') this.logger.info({ caseId: expected.caseId }, 'submit from a stale card ignored');
    if (!context.responded) await answerNoise(context, noise);
    return Dialog.EndOfTurn;
  }

  /** Something ended on top of the prompt: it keeps waiting for its card. */
  override resumeDialog(): Promise<DialogTurnResult> {
    return Promise.resolve(Dialog.EndOfTurn);
  }
}

async function answerNoise(context: TurnContext, reason: NoiseReason): Promise<void> {
  const m = wordsFor(context.activity.locale).chat;
  const reply = {
    stale: m.staleCard,
    'invalid-submit': m.unreadableSubmit,
    empty: m.emptyInput,
    'secret-text': m.passwordInChat,
  }[reason];
  await context.sendActivity(reply);
}

function classifyNoise(input: UserInput, expected: ExpectedCard): NoiseReason | undefined {
  switch (input.kind) {
    case 'empty':
      return 'empty';
    case 'approval-answered':
      return undefined;
    case 'invalid-submit':
      return 'invalid-submit';
    case 'text':
      return expected.textIsSecret ? 'secret-text' : undefined;
    case 'submit':
      return input.submit.caseId === expected.caseId && input.submit.nonce === expected.nonce
        ? undefined
        : 'stale';
  }
}
