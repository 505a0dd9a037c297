import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { choiceCard } from '../cards';
import type { UnlockResult } from '../reset/account';
import type { ResetChoice } from '../reset/case';
import type { ChatWords } from '../language';
import { CardStepDialog, type CardRequest, type StepDependencies, type StepOptions } from './cardStepDialog';
import { DialogIds } from './ids';
import type { UserInput } from './userInput';

export type ChoiceStepResult =
  | { readonly next: 'done'; readonly unlock: UnlockResult }
  | { readonly next: 'new-password' }
  | { readonly next: 'end' };

/** Step 3: the guide's two choices. "Keep password" unlocks right here. */
export class ChoiceDialog extends CardStepDialog<StepOptions> {
  constructor(deps: StepDependencies) {
    super(DialogIds.choice, deps, 'choice');
  }

  protected card(options: StepOptions, { m, nonce }: CardRequest): Promise<Attachment> {
    const error = options.errors?.join(' ');
    return Promise.resolve(choiceCard({ m, caseId: options.caseId, nonce, ...(error ? { error } : {}) }));
  }

  protected async handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: StepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const choice = this.choiceFrom(input, m);
    if (choice === undefined) return this.retry(step, options, [m.chooseWithButtons]);
    const chosen = await this.deps.reset.choose(options.caseId, choice);
    if (chosen.kind !== 'ok') return this.stop(step, m.staleCard);

    if (choice === 'new-password') {
      return this.finish(step, m.submittedChoice(m.choiceNew), {
        next: 'new-password',
      } satisfies ChoiceStepResult);
    }
    const phone = this.deps.servicedeskPhone;
    const result = await this.deps.reset.unlock(options.caseId);
    switch (result.kind) {
      case 'unlocked':
        return this.finish(step, m.submittedChoice(m.choiceKeep), {
          next: 'done',
          unlock: result.result,
        } satisfies ChoiceStepResult);
      case 'directory-unavailable':
        return this.retry(step, options, [m.directoryUnavailable(phone)]);
      case 'not-writable':
        return this.stop(step, m.notWritable(phone));
      default:
        return this.stop(step, m.staleCard);
    }
  }

  /** Buttons, or the same words typed; "1" and "2" for the impatient. */
  private choiceFrom(input: UserInput, m: ChatWords): ResetChoice | undefined {
    if (input.kind === 'submit') {
      if (input.submit.verb === 'choice.unlock') return 'unlock';
      if (input.submit.verb === 'choice.newPassword') return 'new-password';
      return undefined;
    }
    if (input.kind !== 'text') return undefined;
    const text = input.text.toLowerCase();
    if (text === '1' || text === m.choiceKeep.toLowerCase()) return 'unlock';
    if (text === '2' || text === m.choiceNew.toLowerCase()) return 'new-password';
    return undefined;
  }
}
