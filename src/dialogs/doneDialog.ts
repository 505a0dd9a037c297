import type { Attachment } from 'botbuilder';
import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { doneCard, endCard } from '../cards';
import type { ChatWords } from '../language';
import { CardStepDialog, type CardRequest, type StepDependencies, type StepOptions } from './cardStepDialog';
import { DialogIds } from './ids';
import type { UserInput } from './userInput';

export interface DoneStepOptions extends StepOptions {
  readonly headline: string;
  readonly detail?: string;
}

/** Step 5: what happened, how not to be locked out again, and Slutför. */
export class DoneDialog extends CardStepDialog<DoneStepOptions> {
  constructor(deps: StepDependencies) {
    super(DialogIds.done, deps, 'done');
  }

  protected card(options: DoneStepOptions, { m, nonce }: CardRequest): Promise<Attachment> {
    return Promise.resolve(
      doneCard({
        m,
        caseId: options.caseId,
        nonce,
        headline: options.headline,
        ...(options.detail !== undefined ? { detail: options.detail } : {}),
        tips: m.doneTips,
      }),
    );
  }

  protected async handle(
    step: WaterfallStepContext,
    _input: UserInput,
    options: DoneStepOptions,
    m: ChatWords,
  ): Promise<DialogTurnResult> {
    // Slutför, or anything typed: the case is already finished, so every answer ends the conversation.
    // What stays on screen keeps the outcome and the tips against an immediate relock.
    await this.caseCard.show(
      step.context,
      endCard({
        m,
        lines: [options.headline],
        message: m.finished,
        tips: { title: m.doneTipsTitle, items: m.doneTips },
      }),
    );
    return step.endDialog();
  }
}
