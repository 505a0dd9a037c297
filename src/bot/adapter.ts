import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config';
import { messagesFor } from '../dialogs/messages';
import type { Logger } from '../reset/ports';

/** The Bot Framework settings under their standard names; empty app id means unauthenticated (dev only). */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger);
  return adapter;
}

/**
 * The one place unexpected errors land: the operator gets a precise line, the user a plain sentence
 * (never the error), and the conversation state is cleared so the next message starts afresh.
 */
export function createTurnErrorHandler(
  servicedeskPhone: string,
  logger: Logger,
  conversationState?: ConversationState,
): (context: TurnContext, error: Error) => Promise<void> {
  const log = logger.child({ module: 'turn-error' });
  return async (context, error) => {
    log.error(
      {
        err: { type: error.name, message: error.message, stack: error.stack },
        activityId: context.activity.id,
        activityType: context.activity.type,
        conversationId: context.activity.conversation?.id,
      },
      'unhandled error in turn',
    );
    try {
      await context.sendActivity(messagesFor(context.activity.locale).somethingWentWrong(servicedeskPhone));
      if (conversationState) await conversationState.delete(context);
    } catch (secondary) {
      log.error(
        { err: secondary instanceof Error ? secondary.message : String(secondary) },
        'could not tell the user about the error',
      );
    }
  };
}
