import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { accountCard } from '../cards';
import {
  CardStepDialog,
  valuesOf,
  type CardRequest,
  type StepDependencies,
  type StepOptions,
} from './cardStepDialog';
import type { ChatWords } from '../language';
import { DialogIds } from './ids';
import { requesterOf } from './requester';
import type { UserInput } from './userInput';

/** Where the conversation goes after the account step. */
export type AccountStepResult =
  | { readonly next: 'code'; readonly intro: string }
  /** No mobile, but the manager can vouch: the approval step instead of the code. */
  | { readonly next: 'approval' }
  | { readonly next: 'end' };

/** Step 1: which account? Offers the Teams user's own account with one tap, or takes a typed username. */
export class AccountDialog extends CardStepDialog<StepOptions> {
  constructor(deps: StepDependencies) {
    super(DialogIds.account, deps, 'account');
  }

  protected async card(
    options: StepOptions,
    { context, m, nonce, values }: CardRequest,
  ): Promise<Attachment> {
    const own = await this.deps.reset.ownAccount(requesterOf(context.activity), options.caseId);
    values['ownUsername'] = own?.username;
    return accountCard({
      m,
      caseId: options.caseId,
      nonce,
      ...(own ? { ownUsername: own.username } : {}),
      servicedeskPhone: this.deps.servicedeskPhone,
      ...(options.errors?.[0] !== undefined ? { error: options.errors[0] } : {}),
    });
  }

  protected async handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: StepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const username = this.usernameFrom(input, valuesOf(step)['ownUsername'] as string | undefined);
    if (username === undefined) return this.retry(step, options, [m.invalidUsername]);

    const phone = this.deps.servicedeskPhone;
    const minutes = this.deps.codeValidMinutes;
    const result = await this.deps.reset.submitUsername(options.caseId, username);
    switch (result.kind) {
      case 'invalid-username':
        return this.retry(step, options, [m.invalidUsername]);
      case 'directory-unavailable':
        return this.retry(step, options, [m.directoryUnavailable(phone)]);
      case 'code-sent':
        return this.next(step, m.submittedUsername(username), {
          next: 'code',
          intro: m.codeSentOwn(result.phoneLast2, minutes),
        });
      case 'code-sent-if-exists':
        return this.next(step, m.submittedOtherUsername, {
          next: 'code',
          intro: m.codeSentUniform(minutes, phone),
        });
      case 'manager-can-confirm':
        return this.next(step, m.submittedUsername(username), { next: 'approval' });
      case 'no-phone':
        return this.stop(step, m.noPhone(phone));
      case 'disabled':
        return this.stop(step, m.disabled(phone));
      case 'blocked':
        return this.stop(step, m.blocked(result.until, phone));
      case 'sms-failed':
        return this.stop(step, m.smsFailed(phone));
      case 'case-closed':
        return this.stop(step, m.staleCard);
    }
  }

  private usernameFrom(input: UserInput, ownUsername: string | undefined): string | undefined {
    if (input.kind === 'text') return input.text;
    if (input.kind !== 'submit') return undefined;
    if (input.submit.verb === 'account.own') return ownUsername;
    if (input.submit.verb === 'account.submit') {
      const typed = input.submit.username?.trim();
      return typed === undefined || typed === '' ? undefined : typed;
    }
    return undefined;
  }

  private next(
    step: WaterfallStepContext,
    line: string,
    result: AccountStepResult,
  ): Promise<DialogTurnResult> {
    return this.finish(step, line, result);
  }
}
