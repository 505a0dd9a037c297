import {
  ActivityTypes,
  TeamsActivityHandler,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { DialogContext, DialogState } from 'botbuilder-dialogs';
import { approvalAnsweredCard, approvalSubmitSchema, type ApprovalSubmit } from '../cards/approvalCard';
import { noticeSubmitSchema } from '../cards/noticeCard';
import type { OwnAccountStart } from '../dialogs/ownAccountStart';
import { DialogMemoryScopes, DialogSet, DialogTurnStatus } from '../dialogs/dialogKit';
import type { AlertChannels } from '../alerts/alertChannels';
import type { Logger } from '../reset/ports';
import type { ResetService } from '../reset/resetService';
import { DialogIds } from '../dialogs/ids';
import type { ActiveCase, MainDialog } from '../dialogs/mainDialog';
import { startsConversation } from '../dialogs/mainDialog';
import { languages, wordsFor } from '../language';
import type { ReminderPreferences } from '../reset/notices/reminderPreferences';
import {
  APPROVAL_ANSWERED_EVENT,
  isCancel,
  isHelp,
  readUserInput,
  type UserInput,
} from '../dialogs/userInput';
import { errorText } from '../lib/errorText';
import { KeyedMutex } from '../lib/keyedMutex';
import { currentTurnStart, runTurn } from '../lib/turnBudget';
import type { ConversationBook } from './conversationBook';
import { isPersonalChat } from './conversationGuard';
import { noteTurn } from './turnRedaction';

export interface ResetBotDependencies {
  readonly conversationState: ConversationState;
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly activeCase: StatePropertyAccessor<ActiveCase | undefined>;
  readonly dialog: MainDialog;
  readonly reset: ResetService;
  readonly servicedeskPhone: string;
  /** Remembers the service desk's channel when the bot is installed in its team. */
  readonly alertChannels?: AlertChannels;
  /** Remembers each person's personal chat, so notices can reach them later. */
  readonly contacts?: ConversationBook;
  /** "stopp" / "start": reminders and enrollment messages off or on. */
  readonly reminderPreferences?: ReminderPreferences;
  readonly logger: Logger;
}

/** Teams-facing shell: routes messages into the reset dialog and keeps conversation state. */
export class ResetBot extends TeamsActivityHandler {
  private readonly dialogs: DialogSet;
  private readonly log: Logger;
  private readonly turns = new KeyedMutex();
  private readonly memoryScopes = new DialogMemoryScopes();

  constructor(private readonly deps: ResetBotDependencies) {
    super();
    this.log = deps.logger.child({ module: 'bot' });
    this.dialogs = new DialogSet(deps.dialogState).add(deps.dialog);
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === APPROVAL_ANSWERED_EVENT) await this.approvalAnswered(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.deps.alertChannels?.learn(context.activity);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      await this.greetNewMembers(context);
      await next();
    });
  }

  /** Turns of one conversation run one at a time, so a double tap cannot interleave with itself. */
  override async run(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id ?? '';
    // A turn lease in front (several instances) has started the turn's clock already.
    await runTurn(currentTurnStart() ?? Date.now(), () => this.runInOrder(conversationId, context));
  }

  /** A case is read once per turn (`ResetService.withinTurn`), however many steps look at it. */
  private async runInOrder(conversationId: string, context: TurnContext): Promise<void> {
    await this.turns.run(conversationId, () => this.deps.reset.withinTurn(() => this.runTurn(context)));
  }

  private async runTurn(context: TurnContext): Promise<void> {
    this.memoryScopes.useFor(context);
    await this.deps.contacts?.remember(context.activity);
    // The transcript learns which step this message answered, to mask it accordingly.
    if (context.activity.type === (ActivityTypes.Message as string)) {
      await noteTurn(context, this.deps, () => super.run(context));
    } else {
      await super.run(context);
    }
    await this.deps.conversationState.saveChanges(context, false);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const m = wordsFor(context.activity.locale).chat;
    if (!isPersonalChat(context.activity)) {
      this.log.info(
        { conversationType: context.activity.conversation.conversationType },
        'refused outside personal chat',
      );
      await context.sendActivity(m.personalChatOnly);
      return;
    }
    const answer = approvalSubmitSchema.safeParse(context.activity.value);
    if (answer.success) {
      await this.answerApproval(context, answer.data);
      return;
    }
    const dc = await this.dialogs.createContext(context);
    const press = noticeSubmitSchema.safeParse(context.activity.value);
    if (press.success) {
      await this.startFromNotice(dc, {
        ownAccount: true,
        noticeId: press.data.noticeId,
        ...(press.data.notice === 'new-password-own' ? { newPassword: true } : {}),
      });
      return;
    }
    if (await this.expireIdleCase(context)) {
      await dc.cancelAllDialogs();
      await context.sendActivity(m.expired);
      if (!startsConversation(context)) return;
    }
    const result = await dc.continueDialog();
    if (result.status !== DialogTurnStatus.empty) return;

    const input = readUserInput(context.activity);
    if (await this.reminderCommand(context, input)) return;
    if (startsConversation(context)) {
      await dc.beginDialog(DialogIds.main);
    } else if (input.kind === 'submit' || input.kind === 'invalid-submit') {
      // No case is open: "use the latest card" would point at nothing.
      await context.sendActivity(m.caseOver);
    } else if (isHelp(input)) {
      await context.sendActivity(m.help(this.deps.servicedeskPhone));
    } else if (isCancel(input)) {
      await context.sendActivity(m.restartHint);
    }
  }

  /**
   * A press on an approval card, in the approver's own chat: the reset service decides whether this
   * presser may answer it (by their Entra object id) and moves the requester's case on; the card then
   * says what happened, with no buttons left.
   */
  private async answerApproval(context: TurnContext, press: ApprovalSubmit): Promise<void> {
    const a = wordsFor(context.activity.locale).approval;
    const result = await this.deps.reset.decideApproval(
      press.caseId,
      press.requestId,
      context.activity.from?.aadObjectId,
      press.approval === 'yes',
    );
    let message: string;
    switch (result.kind) {
      case 'approved':
        message = a.approvedCard(result.request.account.displayName);
        break;
      case 'refused':
        message = a.refusedCard(result.request.account.displayName);
        break;
      case 'expired':
        message = a.expiredCard;
        break;
      case 'already-decided':
        message = a.alreadyDecided;
        break;
      case 'case-closed':
        message = a.caseClosedCard;
        break;
      case 'not-yours':
        await context.sendActivity(a.notYours);
        return;
    }
    const card = approvalAnsweredCard(a, message);
    const pressed = context.activity.replyToId;
    try {
      if (pressed === undefined) throw new Error('no card to update');
      await context.updateActivity({
        type: 'message',
        attachments: [card],
        id: pressed,
        conversation: context.activity.conversation,
      });
    } catch (error) {
      this.log.info(
        { err: errorText(error) },
        'approval card could not be updated, posting the answer instead',
      );
      await context.sendActivity({ type: 'message', attachments: [card] });
    }
  }

  /** The bot's own turn in a requester's chat: their approval has its answer, and the open step takes it. */
  private async approvalAnswered(context: TurnContext): Promise<void> {
    if (!isPersonalChat(context.activity) || !(await this.deps.activeCase.get(context))) return;
    const dc = await this.dialogs.createContext(context);
    await dc.continueDialog();
  }

  /** "stopp" / "start" with no case open: reminders off or on (while a case is open, "stopp" cancels it). */
  private async reminderCommand(context: TurnContext, input: UserInput): Promise<boolean> {
    const preferences = this.deps.reminderPreferences;
    if (!preferences || input.kind !== 'text') return false;
    const word = input.text.toLowerCase().replace(/[.!]+$/, '');
    const stop = languages.some((words) => words.proactive.stopWords.includes(word));
    const start = languages.some((words) => words.proactive.startWords.includes(word));
    if (!stop && !start) return false;
    const from = context.activity.from;
    await preferences.set(from.aadObjectId ?? from.id, stop);
    const m = wordsFor(context.activity.locale).proactive;
    await context.sendActivity(stop ? m.remindersStopped : m.remindersStarted);
    return true;
  }

  /** A lockout notice's button: a new case for the presser's own account, replacing any open one. */
  private async startFromNotice(dc: DialogContext, start: OwnAccountStart): Promise<void> {
    const active = await this.deps.activeCase.get(dc.context);
    if (active) await this.deps.reset.close(active.caseId, 'abandoned');
    await dc.cancelAllDialogs();
    await dc.beginDialog(DialogIds.main, start);
  }

  /** An idle case is closed as expired; returns whether that just happened. */
  private async expireIdleCase(context: TurnContext): Promise<boolean> {
    const active = await this.deps.activeCase.get(context);
    if (!active) return false;
    const record = await this.deps.reset.touch(active.caseId);
    if (record && record.outcome !== 'expired') return false;
    await this.deps.activeCase.delete(context);
    this.log.info({ caseId: active.caseId }, 'idle case expired');
    return true;
  }

  private async greetNewMembers(context: TurnContext): Promise<void> {
    const botId = context.activity.recipient?.id;
    const joined = context.activity.membersAdded ?? [];
    // Greet when the bot itself joins a personal chat (the user installed it), not when others join a team.
    if (!isPersonalChat(context.activity) || !joined.some((member) => member.id === botId)) return;
    if (context.activity.type !== (ActivityTypes.ConversationUpdate as string)) return;
    const m = wordsFor(context.activity.locale).chat;
    await context.sendActivity(`${m.welcomeTitle} ${m.restartHint}`);
  }
}
