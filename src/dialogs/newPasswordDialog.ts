import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { passwordCard } from '../cards';
import type { ChatWords } from '../language';
import { CardStepDialog, type CardRequest, type StepDependencies, type StepOptions } from './cardStepDialog';
import { DialogIds } from './ids';
import type { UserInput } from './userInput';

export type NewPasswordStepResult = { readonly next: 'done' } | { readonly next: 'end' };

/**
 * Step 4: the new password, only ever in the card's masked inputs (typed chat text is refused, since a
 * bot cannot delete it). A rejected password keeps the user verified: they try again without a new SMS.
 */
export class NewPasswordDialog extends CardStepDialog<StepOptions> {
  constructor(deps: StepDependencies) {
    super(DialogIds.newPassword, deps, 'password', true);
  }

  protected card(options: StepOptions, { m, nonce }: CardRequest): Promise<Attachment> {
    return Promise.resolve(
      passwordCard({
        m,
        caseId: options.caseId,
        nonce,
        ...(options.errors ? { errors: options.errors } : {}),
      }),
    );
  }

  protected async handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: StepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    if (input.kind !== 'submit' || input.submit.verb !== 'password.submit') {
      return this.retry(step, options, [m.unreadableSubmit]);
    }
    const phone = this.deps.servicedeskPhone;
    const result = await this.deps.reset.setPassword(
      options.caseId,
      input.submit.newPassword ?? '',
      input.submit.repeatPassword ?? '',
    );
    switch (result.kind) {
      case 'password-set':
        // Said only now: a line above a rejection must not claim the password went anywhere.
        return this.finish(step, m.passwordSaved, { next: 'done' } satisfies NewPasswordStepResult);
      case 'password-invalid':
        return this.retry(
          step,
          options,
          result.violations.map((violation) => m.violation(violation)),
        );
      case 'password-rejected':
        return this.retry(
          step,
          options,
          result.reasons.map((reason) => m.rejection(reason)),
        );
      case 'directory-unavailable':
        return this.retry(step, options, [m.directoryUnavailable(phone)]);
      case 'not-writable':
        return this.stop(step, m.notWritable(phone));
      default:
        return this.stop(step, m.staleCard);
    }
  }
}
