import type { TurnContext } from 'botbuilder';
import { approvalCard, localClockTime } from '../cards/approvalCard';
import { APPROVAL_ANSWERED_EVENT } from '../dialogs/userInput';
import { wordsFor } from '../language';
import { errorText } from '../lib/errorText';
import type { ProactiveAdapter } from '../lib/proactiveAdapter';
import type { ApprovalRequest } from '../reset/approvals/approvalRequest';
import type { ApproverChats } from '../reset/approvals/ports';
import type { Logger } from '../reset/ports';
import type { ConversationBook } from './conversationBook';
import type { TeamsPersonalChats } from './personalChats';

/** The bot's turn logic, attached once the bot exists (it is built after the reset service). */
export interface TurnRunner {
  run(context: TurnContext): Promise<void>;
}

export interface TeamsApproverChatsOptions {
  readonly adapter: ProactiveAdapter;
  readonly botAppId: string;
  readonly chats: TeamsPersonalChats;
  readonly book: ConversationBook;
  readonly logger: Logger;
}

/**
 * The approval's two chats: the approver's card goes out as the notices do (remembered chat, or one
 * opened by installing the bot), and the answer moves the requester's case on by a turn of the bot's
 * own in the requester's chat, which runs their dialog like any message would.
 */
export class TeamsApproverChats implements ApproverChats {
  private readonly log: Logger;
  private bot: TurnRunner | undefined;

  constructor(private readonly options: TeamsApproverChatsOptions) {
    this.log = options.logger.child({ module: 'approver-chats' });
  }

  attach(bot: TurnRunner): void {
    this.bot = bot;
  }

  canReach(aadObjectId: string): Promise<boolean> {
    return this.options.chats.canReach(aadObjectId);
  }

  ask(request: ApprovalRequest): Promise<'sent' | 'unreachable'> {
    return this.options.chats.sendMessage(request.approver.aadObjectId, 'approval', (locale) => {
      const a = wordsFor(locale).approval;
      return {
        type: 'message',
        summary: a.cardTitle,
        attachments: [
          approvalCard({
            a,
            caseId: request.caseId,
            requestId: request.id,
            employee: request.account,
            askedAt: localClockTime(new Date(request.requestedAt)),
            until: localClockTime(new Date(request.expiresAt)),
          }),
        ],
      };
    });
  }

  async resume(request: ApprovalRequest): Promise<void> {
    const contact = await this.options.book.find(request.requesterAadObjectId);
    const bot = this.bot;
    if (!contact || !bot) {
      this.log.warn(
        { caseId: request.caseId },
        "requester's chat unknown: they see the answer on their next message",
      );
      return;
    }
    await this.options.adapter.continueConversationAsync(
      this.options.botAppId,
      contact.reference,
      async (context) => {
        context.activity.type = 'event';
        context.activity.name = APPROVAL_ANSWERED_EVENT;
        if (contact.locale !== undefined) context.activity.locale = contact.locale;
        // New messages in the chat, not replies to the made-up id of the continuation event.
        context.onSendActivities(async (_context, activities, next) => {
          for (const activity of activities) delete activity.replyToId;
          return next();
        });
        try {
          await bot.run(context);
        } catch (error) {
          // Left to the adapter, a failure would reach onTurnError, which answers in the chat.
          this.log.warn({ caseId: request.caseId, err: errorText(error) }, 'the case could not be moved on');
        }
      },
    );
  }
}
