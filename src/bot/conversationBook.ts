import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { errorText } from '../lib/errorText';
import { ConflictError } from '../reset/errors';
import type { Clock, Logger, RecordStore } from '../reset/ports';
import { isPersonalChat } from './conversationGuard';

/** Where a person was last seen: their personal chat with the bot, and the language they used there. */
export interface Contact {
  readonly reference: Partial<ConversationReference>;
  readonly locale?: string;
  readonly seenAt: string;
}

/**
 * The bot's address book, in the shared store so every instance can reach everyone: per Teams user (by
 * Entra object id), the reference to their personal chat, learnt from the installation's
 * conversationUpdate or any message. Written only when it changes, not on every turn.
 */
export class ConversationBook {
  private readonly known = new Map<string, string>();
  private readonly log: Logger;

  constructor(
    private readonly store: RecordStore<Contact>,
    private readonly clock: Clock,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'contacts' });
  }

  /** Remembers the sender's personal chat; a failure is logged, never breaks the turn. */
  async remember(activity: Activity): Promise<void> {
    const aadObjectId = activity.from?.aadObjectId;
    if (!aadObjectId || !isPersonalChat(activity) || !activity.serviceUrl) return;
    const reference = TurnContext.getConversationReference(activity);
    delete reference.activityId;
    const locale = activity.locale;
    const fingerprint = `${reference.serviceUrl ?? ''} ${reference.conversation?.id ?? ''} ${locale ?? ''}`;
    if (this.known.get(aadObjectId) === fingerprint) return;
    const contact: Contact = {
      reference,
      ...(locale !== undefined ? { locale } : {}),
      seenAt: this.clock.now().toISOString(),
    };
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await this.store.get(aadObjectId);
        if (current && sameChat(current.value, contact)) break;
        try {
          await this.store.put(aadObjectId, contact, current?.etag);
          break;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      this.known.set(aadObjectId, fingerprint);
    } catch (error) {
      this.log.warn({ err: errorText(error) }, 'could not remember a personal chat');
    }
  }

  async find(aadObjectId: string): Promise<Contact | undefined> {
    return (await this.store.get(aadObjectId))?.value;
  }

  /** Waits for a chat to become known (after an install, its conversationUpdate may reach any instance). */
  async waitFor(aadObjectId: string, timeoutMs: number, pollMs = 250): Promise<Contact | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const contact = await this.find(aadObjectId);
      if (contact || Date.now() >= deadline) return contact;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}

function sameChat(a: Contact, b: Contact): boolean {
  return (
    a.reference.serviceUrl === b.reference.serviceUrl &&
    a.reference.conversation?.id === b.reference.conversation?.id &&
    a.locale === b.locale
  );
}
