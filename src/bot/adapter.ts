import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from '../config';
import { wordsFor } from '../language';
import type { Logger } from '../reset/ports';
import { ConnectorSender, type ConnectorSenderOptions } from './connectorSender';
import { ReusedClients } from './reusedClients';
import { errorText } from '../lib/errorText';

/** The Bot Framework settings under their standard names; empty app id means unauthenticated (dev only). */
export function createAdapter(
  config: Pick<Config, 'bot' | 'servicedeskPhone'>,
  logger: Logger,
  senderOptions: ConnectorSenderOptions = {},
): CloudAdapter {
  const sender = new ConnectorSender(logger, senderOptions);
  const auth = new BotAuthentication(sender, {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType ?? '',
    MicrosoftAppTenantId: config.bot.tenantId ?? '',
    ...(config.bot.openIdMetadataUrl ? publicCloudWithKeysFrom(config.bot.openIdMetadataUrl) : {}),
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = createTurnErrorHandler(config.servicedeskPhone, logger);
  return adapter;
}

/**
 * Setting any one endpoint makes botbuilder treat every endpoint as given (the rest would be undefined),
 * so a custom key source comes with the public cloud's other values spelled out.
 */
function publicCloudWithKeysFrom(openIdMetadataUrl: string): Record<string, string> {
  return {
    BotOpenIdMetadata: openIdMetadataUrl,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/**
 * botbuilder's authentication with two changes: jsonwebtoken's own errors (bad signature, not yet valid,
 * malformed) escape botbuilder's validation untranslated, and CloudAdapter answers them with 500 and the
 * error text: they are 401s. And the outbound clients are reused across turns (see ReusedClients).
 */
class BotAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients: ReusedClients;

  constructor(sender: ConnectorSender, configuration: Record<string, string>) {
    super(configuration);
    this.clients = new ReusedClients(64, sender);
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    let result: AuthenticateRequestResult;
    try {
      result = await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof Error && JWT_ERRORS.has(error.name)) {
        throw new AuthenticationError('Unauthorized. Invalid token.', StatusCodes.UNAUTHORIZED);
      }
      throw error;
    }
    const { connectorFactory } = result;
    return connectorFactory
      ? {
          ...result,
          connectorFactory: this.clients.connectorFactory(connectorFactory, result.claimsIdentity),
        }
      : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.clients.connectorFactory(super.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.clients.userTokenClient(claimsIdentity, () => super.createUserTokenClient(claimsIdentity));
  }
}

const JWT_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

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
    if (connectorGaveUp(error)) {
      // Teams throttled or was down past the turn's budget: nothing can be said now, and the case
      // keeps the state it had before this turn ("hej" shows its card again).
      log.warn(
        { status: statusCodeOf(error), activityId: context.activity.id },
        'turn ended: connector gave up',
      );
      return;
    }
    const words = wordsFor(context.activity.locale).chat;
    if (storageKeptState(error)) {
      // Another instance changed this conversation's state first, or the store is unreachable: the
      // state is not this turn's to wipe (it may hold a case in progress); the next message carries on.
      log.warn(
        { err: { type: error.name, message: error.message }, activityId: context.activity.id },
        'turn ended: conversation state could not be written or read',
      );
      await context
        .sendActivity(isEtagConflict(error) ? words.busy : words.somethingWentWrong(servicedeskPhone))
        .catch((secondary: unknown) =>
          log.error({ err: errorText(secondary) }, 'could not tell the user about the error'),
        );
      return;
    }
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
      await context.sendActivity(wordsFor(context.activity.locale).chat.somethingWentWrong(servicedeskPhone));
      if (conversationState) await conversationState.delete(context);
    } catch (secondary) {
      log.error({ err: errorText(secondary) }, 'could not tell the user about the error');
    }
  };
}

/** botbuilder's wording for a stale write, the same in MemoryStorage, BlobsStorage and ours. */
function isEtagConflict(error: Error): boolean {
  return /due to eTag conflict/i.test(error.message);
}

/** A write refused for a stale eTag, or the shared store out of reach (Azure's RestError, a refused socket). */
function storageKeptState(error: Error): boolean {
  if (isEtagConflict(error)) return true;
  const status = statusCodeOf(error);
  if (error.name === 'RestError') return status === undefined || status >= 500;
  const code = (error as { code?: unknown }).code;
  return code === 'ECONNREFUSED' || code === 'ECONNRESET';
}

/** The connector's answers the sender retried until the budget ran out (see ConnectorSender). */
const GIVEN_UP = new Set([408, 412, 429, 500, 502, 503, 504]);

function statusCodeOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

function connectorGaveUp(error: unknown): boolean {
  const status = statusCodeOf(error);
  return status !== undefined && GIVEN_UP.has(status);
}
