import type { ConversationReference } from 'botbuilder';
import { serviceDeskWords } from '../language';
import type { Logger } from '../reset/ports';
import { describe } from '../reset/resetService';
import { alertAttachment } from './alertCard';
import type { AlertChannel, AlertChannels } from './alertChannels';
import type { Alert, AlertPoster } from './caseAlerts';
import type { ProactiveAdapter } from '../lib/proactiveAdapter';

export interface TeamsAlertPosterOptions {
  readonly adapter: ProactiveAdapter;
  /** `MicrosoftAppId`; empty in demo/dev, where connector calls are unauthenticated. */
  readonly botAppId: string;
  readonly channels: AlertChannels;
  /** `PUBLIC_URL`, for the link to the case. */
  /** The bot's public base URL (known only once it listens when PORT=0). */
  readonly publicUrl: () => string;
  readonly logger: Logger;
}

/** Posts an alert card as a new message in the service desk's channel, once; never retries. */
export class TeamsAlertPoster implements AlertPoster {
  private readonly log: Logger;

  constructor(private readonly options: TeamsAlertPosterOptions) {
    this.log = options.logger.child({ module: 'alerts' });
  }

  async post(alert: Alert): Promise<void> {
    const caseId = alert.record.id;
    let channel: AlertChannel | undefined;
    try {
      channel = await this.options.channels.current();
    } catch (error) {
      this.log.warn({ caseId, kind: alert.kind, err: describe(error) }, 'alert not posted: channel unknown');
      return;
    }
    if (!channel) {
      this.log.info({ caseId, kind: alert.kind }, 'no alert channel known: alert not posted');
      return;
    }
    let delivered = false;
    let failure: unknown;
    try {
      await this.options.adapter.continueConversationAsync(
        this.options.botAppId,
        channelReference(channel),
        async (context) => {
          // A new post in the channel, not a reply to the made-up id of the continuation event.
          context.onSendActivities(async (_context, activities, next) => {
            for (const activity of activities) delete activity.replyToId;
            return next();
          });
          // Caught here: a failure left to the adapter would reach onTurnError, which answers in the channel.
          try {
            await context.sendActivity({
              type: 'message',
              summary: serviceDeskWords.alerts.heading(serviceDeskWords.alerts.kinds[alert.kind].title),
              attachments: [alertAttachment(alert, this.options.publicUrl())],
            });
            delivered = true;
          } catch (error) {
            failure = error;
          }
        },
      );
    } catch (error) {
      failure = error;
    }
    const where = { caseId, kind: alert.kind, channelId: channel.channelId };
    if (failure !== undefined) {
      this.log.warn(
        { ...where, status: statusOf(failure), err: describe(failure) },
        'alert could not be posted to the channel',
      );
    } else if (delivered) {
      this.log.info(where, 'alert posted');
    } else {
      // The proactive turn runs the middleware too: the tenant guard drops it when the tenant is not allowed.
      this.log.warn(
        { ...where, tenantId: channel.tenantId ?? 'none' },
        'alert not posted: the bot middleware stopped it (is the channel tenant allowed?)',
      );
    }
  }
}

/** A channel as a conversation: sending to it starts a new post there. */
export function channelReference(channel: AlertChannel): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: channel.serviceUrl,
    // No person is addressed in a channel post; the bot stands in, so middleware finds a sender.
    bot: { id: channel.botId ?? '', name: '', role: 'bot' },
    user: { id: channel.botId ?? '', name: '', role: 'bot' },
    conversation: {
      id: channel.channelId,
      isGroup: true,
      conversationType: 'channel',
      name: '',
      ...(channel.tenantId !== undefined ? { tenantId: channel.tenantId } : {}),
    },
  };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
