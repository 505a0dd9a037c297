import type { Activity } from 'botbuilder';
import { errorText } from '../lib/errorText';
import type { Logger } from '../reset/ports';
import type { AppInstaller, Notice, PersonalChats } from '../reset/notices/ports';
import type { Contact, ConversationBook } from './conversationBook';
import type { ProactiveAdapter } from '../lib/proactiveAdapter';

export interface TeamsPersonalChatsOptions {
  readonly adapter: ProactiveAdapter;
  /** `MicrosoftAppId`; empty in demo/dev. */
  readonly botAppId: string;
  readonly book: ConversationBook;
  /** Opens a chat with someone the bot never met; nobody new is reached when absent. */
  readonly installer?: AppInstaller;
  /** How long to wait for the installation's conversationUpdate. */
  readonly installWaitMs?: number;
  readonly render: (notice: Notice, locale: string | undefined) => Partial<Activity>;
  readonly logger: Logger;
}

/**
 * Reaches a person in their personal chat with the bot: the chat remembered in the shared store, or one
 * opened by installing the bot for them (Graph), then a proactive message through the adapter.
 */
export class TeamsPersonalChats implements PersonalChats {
  private readonly log: Logger;

  constructor(private readonly options: TeamsPersonalChatsOptions) {
    this.log = options.logger.child({ module: 'personal-chats' });
  }

  send(aadObjectId: string, notice: Notice): Promise<'sent' | 'unreachable'> {
    return this.sendMessage(aadObjectId, notice.kind, (locale) => this.options.render(notice, locale));
  }

  /** Whether the person can be reached: a chat remembered, or an installer that can open one. */
  async canReach(aadObjectId: string): Promise<boolean> {
    return this.options.installer !== undefined || (await this.options.book.find(aadObjectId)) !== undefined;
  }

  /** Any message of the bot's own (a notice, an approval card), in the language of the person's chat. */
  async sendMessage(
    aadObjectId: string,
    kind: string,
    render: (locale: string | undefined) => Partial<Activity>,
  ): Promise<'sent' | 'unreachable'> {
    const notice = { kind };
    const contact = (await this.options.book.find(aadObjectId)) ?? (await this.open(aadObjectId));
    if (!contact) {
      this.log.info({ aadObjectId, kind: notice.kind }, 'no personal chat known: notice not sent');
      return 'unreachable';
    }
    let delivered = false;
    let failure: unknown;
    try {
      await this.options.adapter.continueConversationAsync(
        this.options.botAppId,
        contact.reference,
        async (context) => {
          // A new message in the chat, not a reply to the made-up id of the continuation event.
          context.onSendActivities(async (_context, activities, next) => {
            for (const activity of activities) delete activity.replyToId;
            return next();
          });
          // Caught here: left to the adapter, a failure would reach onTurnError, which answers in the chat.
          try {
            await context.sendActivity(render(contact.locale));
            delivered = true;
          } catch (error) {
            failure = error;
          }
        },
      );
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) {
      this.log.warn({ aadObjectId, kind: notice.kind, err: errorText(failure) }, 'notice could not be sent');
      return 'unreachable';
    }
    if (!delivered) {
      this.log.warn({ aadObjectId, kind: notice.kind }, 'notice stopped by the bot middleware');
      return 'unreachable';
    }
    this.log.info({ aadObjectId, kind: notice.kind }, 'notice sent');
    return 'sent';
  }

  private async open(aadObjectId: string): Promise<Contact | undefined> {
    const { installer, book } = this.options;
    if (!installer) return undefined;
    const result = await installer.installFor(aadObjectId);
    if (result !== 'installed' && result !== 'already-installed') return undefined;
    // Teams announces the new chat with a conversationUpdate, which any instance may receive.
    const contact = await book.waitFor(aadObjectId, this.options.installWaitMs ?? 20_000);
    if (!contact) this.log.warn({ aadObjectId, result }, 'installed, but no conversationUpdate came in time');
    return contact;
  }
}
