import type { TurnContext } from 'botbuilder';
import type { PromptOptions, PromptRecognizerResult } from 'botbuilder-dialogs';
import { Prompt } from './dialogKit';
import type { Logger } from '../reset/ports';
import { messagesFor } from './messages';
import { readUserInput, type UserInput } from './userInput';

/** Which card the prompt waits for: submits from any other card are stale. */
export interface ExpectedCard {
  readonly caseId: string;
  readonly nonce: string;
  /** Text typed at this step is never used (the password step), only warned about. */
  readonly textIsSecret?: boolean;
}

type NoiseReason = 'stale' | 'invalid-submit' | 'empty' | 'secret-text';

/**
 * Waits for the answer to a card: typed text or a submit of that very card. Anything else (an old
 * card, a malformed submit, an empty message) is answered here and the step keeps waiting, so the
 * step dialogs only ever see input meant for them. `TextPrompt` cannot do this: submits have no text.
 */
export class CardInputPrompt extends Prompt<UserInput> {
  constructor(
    dialogId: string,
    private readonly logger: Logger,
  ) {
    super(dialogId);
  }

  protected async onPrompt(
    context: TurnContext,
    state: Record<string, unknown>,
    _options: PromptOptions,
    isRetry: boolean,
  ): Promise<void> {
    // The card itself is sent by the step; a prompt only speaks when the answer was noise.
    if (!isRetry) return;
    const m = messagesFor(context.activity.locale);
    const reason = state['noise'] as NoiseReason | undefined;
    const reply = {
      stale: m.staleCard,
      'invalid-submit': m.unreadableSubmit,
      empty: m.emptyInput,
      'secret-text': m.passwordInChat,
    }[reason ?? 'empty'];
    await context.sendActivity(reply);
  }

  protected onRecognize(
    context: TurnContext,
    state: Record<string, unknown>,
    options: PromptOptions,
  ): Promise<PromptRecognizerResult<UserInput>> {
    const expected = options.validations as ExpectedCard;
    const input = readUserInput(context.activity);
    const noise = classifyNoise(input, expected);
    state['noise'] = noise;
    if (noise === undefined) return Promise.resolve({ succeeded: true, value: input });
    if (noise === 'invalid-submit' && input.kind === 'invalid-submit') {
      this.logger.warn(
        { caseId: expected.caseId, problems: input.problems },
        'card submit did not match any schema',
      );
    }
    if (noise === 'stale') this.logger.info({ caseId: expected.caseId }, 'submit from a stale card ignored');
    return Promise.resolve({ succeeded: false });
  }
}

function classifyNoise(input: UserInput, expected: ExpectedCard): NoiseReason | undefined {
  switch (input.kind) {
    case 'empty':
      return 'empty';
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
