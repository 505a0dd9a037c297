import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { DialogContext, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { UnlockResult } from '../reset/account';
import { languageFor, wordsFor, type ChatWords } from '../language';
import { endCard } from '../cards';
import { CaseCard } from './caseCard';
import { AccountDialog, type AccountStepResult } from './accountDialog';
import { ApprovalDialog } from './approvalDialog';
import { valuesOf, type StepDependencies } from './cardStepDialog';
import { ChoiceDialog, type ChoiceStepResult } from './choiceDialog';
import { CodeDialog, type CodeStepOptions, type CodeStepResult } from './codeDialog';
import { ComponentDialog, Dialog, WaterfallDialog } from './dialogKit';
import { DoneDialog, type DoneStepOptions } from './doneDialog';
import { DialogIds } from './ids';
import { NewPasswordDialog, type NewPasswordStepResult } from './newPasswordDialog';
import { isOwnAccountStart, submitOwnAccount } from './ownAccountStart';
import { platformOf, requesterOf } from './requester';
import { isCancel, isHelp, readUserInput } from './userInput';

export type { ActiveCase } from './caseCard';

export type MainDialogDependencies = StepDependencies;

/**
 * The guide, step by step: account → code → choice → (new password) → done. "avbryt" and "hjälp"
 * work at every step; each step decides what to say, the reset service what is allowed.
 */
export class MainDialog extends ComponentDialog {
  private readonly caseCard: CaseCard;

  constructor(private readonly deps: MainDialogDependencies) {
    super(DialogIds.main);
    this.caseCard = new CaseCard(deps.activeCase, deps.logger);
    this.addDialog(new AccountDialog(deps))
      .addDialog(new CodeDialog(deps))
      .addDialog(new ApprovalDialog(deps))
      .addDialog(new ChoiceDialog(deps))
      .addDialog(new NewPasswordDialog(deps))
      .addDialog(new DoneDialog(deps))
      .addDialog(
        new WaterfallDialog(DialogIds.mainFlow, [
          this.askForAccount.bind(this),
          this.askForCode.bind(this),
          this.askForChoice.bind(this),
          this.askForNewPassword.bind(this),
          this.showDone.bind(this),
          this.endCase.bind(this),
        ]),
      );
    this.initialDialogId = DialogIds.mainFlow;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const interrupted = await this.interrupt(innerDc);
    return interrupted ?? super.onContinueDialog(innerDc);
  }

  private async interrupt(innerDc: DialogContext): Promise<DialogTurnResult | undefined> {
    const context = innerDc.context;
    const input = readUserInput(context.activity);
    const m = wordsFor(context.activity.locale).chat;
    // "hjälp" and "hej" are answered by the step in front of the user (CardStepDialog).
    if (!isCancel(input)) return undefined;
    const active = await this.deps.activeCase.get(context);
    if (input.kind === 'submit' && input.submit.caseId !== active?.caseId) {
      await context.sendActivity(m.staleCard);
      return Dialog.EndOfTurn;
    }
    if (active) {
      await this.deps.reset.close(active.caseId, 'cancelled');
      // The case's card says it was cancelled and offers a new case, so it is never left live.
      const cancelled = endCard({
        m,
        lines: active.progress ?? [],
        message: m.cancelledCard,
        restart: { caseId: active.caseId, nonce: randomUUID() },
      });
      await this.caseCard.close(context, cancelled, m.cancelled);
    } else {
      await context.sendActivity(m.cancelled);
    }
    await this.deps.activeCase.delete(context);
    return innerDc.cancelAllDialogs();
  }

  private async askForAccount(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const activity = step.context.activity;
    if (!(await this.deps.reset.mayStartCase(requesterOf(activity)))) {
      await step.context.sendActivity(
        wordsFor(activity.locale).chat.tooManyCases(this.deps.servicedeskPhone),
      );
      return step.endDialog();
    }
    const record = await this.deps.reset.startCase({
      conversationId: activity.conversation.id,
      channelId: activity.channelId,
      requester: requesterOf(activity),
      locale: languageFor(activity.locale),
      ...(platformOf(activity) ? { platform: platformOf(activity) } : {}),
    });
    valuesOf(step)['caseId'] = record.id;
    await this.deps.activeCase.set(step.context, { caseId: record.id });
    // A lockout notice's button: the presser's own account, no username step.
    if (isOwnAccountStart(step.options)) {
      valuesOf(step)['newPassword'] = step.options.newPassword === true;
      return step.next(await submitOwnAccount(this.deps, step.context, record.id, step.options));
    }
    return step.beginDialog(DialogIds.account, { caseId: record.id });
  }

  private async askForCode(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AccountStepResult;
    if (result.next === 'end') return this.endCase(step);
    // No mobile: the manager's confirmation stands in for the code (ends like the code step).
    if (result.next === 'approval')
      return step.beginDialog(DialogIds.approval, { caseId: this.caseId(step) });
    const options: CodeStepOptions = { caseId: this.caseId(step), intro: result.intro };
    return step.beginDialog(DialogIds.code, options);
  }

  private async askForChoice(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as CodeStepResult;
    if (result.next === 'end') return this.endCase(step);
    // An expiry reminder's button: the choice is already made.
    if (valuesOf(step)['newPassword'] === true) {
      const chosen = await this.deps.reset.choose(this.caseId(step), 'new-password');
      if (chosen.kind === 'ok') return step.next({ next: 'new-password' } satisfies ChoiceStepResult);
    }
    return step.beginDialog(DialogIds.choice, { caseId: this.caseId(step) });
  }

  private async askForNewPassword(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as ChoiceStepResult;
    if (result.next === 'end') return this.endCase(step);
    if (result.next === 'done') return step.next({ next: 'done', unlock: result.unlock });
    return step.beginDialog(DialogIds.newPassword, { caseId: this.caseId(step) });
  }

  private async showDone(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as NewPasswordStepResult | { next: 'done'; unlock: UnlockResult };
    if (result.next === 'end') return this.endCase(step);
    const m = wordsFor(step.context.activity.locale).chat;
    const headline = 'unlock' in result ? unlockHeadline(result.unlock, m) : m.donePasswordSet;
    const options: DoneStepOptions = { caseId: this.caseId(step), headline };
    return step.beginDialog(DialogIds.done, options);
  }

  private async endCase(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.deps.activeCase.delete(step.context);
    return step.endDialog();
  }

  private caseId(step: WaterfallStepContext): string {
    return valuesOf(step)['caseId'] as string;
  }
}

function unlockHeadline(result: UnlockResult, m: ChatWords): string {
  switch (result) {
    case 'unlocked':
      return m.doneUnlocked;
    case 'was-not-locked':
      return m.doneWasNotLocked;
    case 'cloud-lockout-expires-by-itself':
      return m.doneCloudLockout;
  }
}

/** Exposed for the bot: whether this turn's input should start a conversation when none is active. */
export function startsConversation(context: TurnContext): boolean {
  const input = readUserInput(context.activity);
  if (input.kind === 'submit') return input.submit.verb === 'restart';
  return input.kind === 'text' && !isCancel(input) && !isHelp(input);
}
