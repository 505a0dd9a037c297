import { randomUUID } from 'node:crypto';
import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { approvalStepCard, endCard } from '../cards';
import { localClockTime } from '../cards/approvalCard';
import { wordsFor, type ChatWords } from '../language';
import { CardStepDialog, type CardRequest, type StepDependencies, type StepOptions } from './cardStepDialog';
import type { CodeStepResult } from './codeDialog';
import { DialogIds } from './ids';
import { requesterOf } from './requester';
import type { UserInput } from './userInput';

export interface ApprovalStepOptions extends StepOptions {
  /** Asked already: waiting for this approver until this time (ISO). */
  readonly waiting?: { readonly approverName: string; readonly until: string };
}

/**
 * Step 2 for an own account without a mobile (issue 19): instead of the code, the employee asks their
 * manager to confirm it is them. The manager answers in their own chat; the bot's own turn here then
 * moves this card on to the guide's two choices (yes), or ends the case (no, or no answer in time).
 */
export class ApprovalDialog extends CardStepDialog<ApprovalStepOptions> {
  protected override readonly awaitsApproval = true;

  constructor(deps: StepDependencies) {
    super(DialogIds.approval, deps, 'approval');
  }

  protected card(options: ApprovalStepOptions, { context, m, nonce }: CardRequest): Promise<Attachment> {
    const a = wordsFor(context.activity.locale).approval;
    return Promise.resolve(
      approvalStepCard({
        m,
        a,
        caseId: options.caseId,
        nonce,
        servicedeskPhone: this.deps.servicedeskPhone,
        ...(options.waiting
          ? {
              waiting: {
                approverName: options.waiting.approverName,
                until: localClockTime(new Date(options.waiting.until)),
              },
            }
          : {}),
        ...(options.errors?.[0] !== undefined ? { error: options.errors[0] } : {}),
      }),
    );
  }

  protected async handle(
    step: WaterfallStepContext,
    input: UserInput,
    options: ApprovalStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    if (input.kind === 'submit' && input.submit.verb === 'approval.ask') return this.ask(step, options, m);
    return this.checkAnswer(step, options, m);
  }

  private async ask(
    step: WaterfallStepContext,
    options: ApprovalStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const phone = this.deps.servicedeskPhone;
    const a = wordsFor(step.context.activity.locale).approval;
    const result = await this.deps.reset.askManager(options.caseId, requesterOf(step.context.activity));
    switch (result.kind) {
      case 'asked':
      case 'already-asked':
        return this.retry(
          step,
          {
            ...options,
            waiting: { approverName: result.approverName, until: result.expiresAt.toISOString() },
          },
          [],
        );
      case 'limit':
        return this.stop(step, a.limit(phone));
      case 'unavailable':
        return this.stop(step, m.noPhone(phone));
      case 'case-closed':
        return this.stop(step, m.staleCard);
    }
  }

  /** The manager's answer (or anything the employee writes while waiting): where the request stands. */
  private async checkAnswer(
    step: WaterfallStepContext,
    options: ApprovalStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const phone = this.deps.servicedeskPhone;
    const a = wordsFor(step.context.activity.locale).approval;
    const status = await this.deps.reset.approvalStatus(options.caseId);
    switch (status.kind) {
      case 'approved':
        return this.finish(step, a.confirmedBy(status.approverName), {
          next: 'choice',
        } satisfies CodeStepResult);
      case 'pending':
        return this.retry(step, options, options.waiting ? [a.stillWaiting] : []);
      case 'refused':
        return this.stop(step, a.refused(phone));
      case 'expired':
        return this.endWithRestart(step, options, a.expired(phone), m);
      case 'none':
        return this.retry(step, options, []);
      case 'case-closed':
        return this.stop(step, m.staleCard);
    }
  }

  /** No answer in time: the card says so and offers "Börja om", which asks again in a new case. */
  private async endWithRestart(
    step: WaterfallStepContext,
    options: ApprovalStepOptions,
    message: string,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    const card = endCard({ m, lines: [], message, restart: { caseId: options.caseId, nonce: randomUUID() } });
    await this.caseCard.show(step.context, card);
    return step.endDialog({ next: 'end' } satisfies CodeStepResult);
  }
}
