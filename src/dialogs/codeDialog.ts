import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { codeCard } from '../cards';
import type { ChatWords } from '../language';
import { CardStepDialog, type CardRequest, type StepDependencies, type StepOptions } from './cardStepDialog';
import { DialogIds } from './ids';
import type { UserInput } from './userInput';

export interface CodeStepOptions extends StepOptions {
  /** Where the code went, as said when it was sent ("…slutar på ••67" or the uniform sentence). */
  readonly intro: string;
}

export type CodeStepResult = { readonly next: 'choice' } | { readonly next: 'end' };

/** Step 2: the six-digit code, typed in the chat or in the card; a new code on request. */
export class CodeDialog extends CardStepDialog<CodeStepOptions> {
  constructor(deps: StepDependencies) {
    super(DialogIds.code, deps, 'code');
  }

  protected card(options: CodeStepOptions, { m, nonce }: CardRequest): Promise<Attachment> {
    return Promise.resolve(
      codeCard({
        m,
        caseId: options.caseId,
        nonce,
        intro: options.intro,
        ...(options.errors?.[0] !== undefined ? { error: options.errors[0] } : {}),
      }),
    );
  }

  protected async handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: CodeStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    if (input.kind === 'submit' && input.submit.verb === 'code.resend') return this.resend(step, options, m);
    const typed =
      input.kind === 'text'
        ? input.text
        : input.kind === 'submit' && input.submit.verb === 'code.submit'
          ? (input.submit.code ?? '')
          : undefined;
    if (typed === undefined) return this.retry(step, options, [m.codeInvalidFormat]);

    const result = await this.deps.reset.verifyCode(options.caseId, typed);
    switch (result.kind) {
      case 'verified':
        return this.finish(step, m.submittedCode, { next: 'choice' } satisfies CodeStepResult);
      case 'invalid-format':
        return this.retry(step, options, [m.codeInvalidFormat]);
      case 'wrong':
        return this.retry(step, options, [m.codeWrong(result.attemptsLeft)]);
      case 'exhausted':
        return this.retry(step, options, [m.codeExhausted]);
      case 'expired':
        return this.retry(step, options, [m.codeExpired]);
      case 'too-many-guesses':
        return this.stop(step, m.tooManyGuesses(this.deps.servicedeskPhone));
      case 'case-closed':
        return this.stop(step, m.staleCard);
    }
  }

  private async resend(
    step: WaterfallStepContext,
    options: CodeStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const phone = this.deps.servicedeskPhone;
    const minutes = this.deps.codeValidMinutes;
    const result = await this.deps.reset.resendCode(options.caseId);
    switch (result.kind) {
      case 'code-sent':
        return this.showAgain(step, options, `${m.codeResent} ${m.codeSentOwn(result.phoneLast2, minutes)}`);
      case 'code-sent-if-exists':
        return this.showAgain(step, options, `${m.codeResent} ${m.codeSentUniform(minutes, phone)}`);
      case 'cooldown':
        return this.retry(step, options, [m.resendCooldown(result.secondsLeft)]);
      case 'blocked':
        return this.stop(step, m.blocked(result.until, phone));
      case 'sms-failed':
        return this.stop(step, m.smsFailed(phone));
      case 'case-closed':
        return this.stop(step, m.staleCard);
    }
  }

  /** The card again, saying inside it that a new code went out. */
  private showAgain(
    step: WaterfallStepContext,
    options: CodeStepOptions,
    intro: string,
  ): Promise<DialogTurnResult> {
    return this.retry(step, { ...options, intro }, []);
  }
}
