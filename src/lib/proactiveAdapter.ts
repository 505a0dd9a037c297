import type { ConversationReference, TurnContext } from 'botbuilder';

/** The one adapter call a message the bot starts needs (alerts, notices); CloudAdapter has it. */
export interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}
