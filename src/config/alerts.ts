import { z } from 'zod';
import { optionalText, problem, urlWith, type ConfigContext } from './fields';

/** Alerts to the service desk's Teams channel (README "Service desk"). */
export const alertSettings = z.object({
  ALERT_TEAM_ID: optionalText.describe(
    "Teams team id (`19:…@thread.tacv2`) of the service desk's team: when the bot is installed there it remembers the channel for alerts. Required in production unless ALERT_CHANNEL_ID is set (otherwise any team that installs the bot would get the alerts).",
  ),
  ALERT_CHANNEL_ID: optionalText.describe(
    'Teams channel id (`19:…@thread.tacv2`) to post alerts in, instead of the one learnt at install.',
  ),
  ALERT_SERVICE_URL: z
    .string()
    .trim()
    .default('https://smba.trafficmanager.net/teams/')
    .describe('Bot Connector service URL for a configured ALERT_CHANNEL_ID.'),
});

export interface AlertsConfig {
  /** Only this team's channel is learnt at install (any team outside production when absent). */
  readonly teamId?: string;
  /** A configured channel wins over the learnt one. */
  readonly channelId?: string;
  readonly serviceUrl: string;
}

const TEAMS_THREAD = /^19:[A-Za-z0-9_-]+@thread\.(tacv2|skype)$/;

export const alertsConfig = ({ production }: ConfigContext) =>
  alertSettings
    .superRefine((settings, context) => {
      for (const key of ['ALERT_TEAM_ID', 'ALERT_CHANNEL_ID'] as const) {
        const value = settings[key];
        if (value !== undefined && !TEAMS_THREAD.test(value))
          problem(context, key, 'must look like 19:…@thread.tacv2');
      }
      if (production && settings.ALERT_TEAM_ID === undefined && settings.ALERT_CHANNEL_ID === undefined)
        problem(
          context,
          'ALERT_TEAM_ID',
          "required in production unless ALERT_CHANNEL_ID is set (alerts go to the service desk's team only)",
        );
      const serviceUrl = urlWith(settings.ALERT_SERVICE_URL, ['http:', 'https:']);
      if (serviceUrl === undefined) problem(context, 'ALERT_SERVICE_URL', 'must be an http(s):// URL');
      // The bot sends its token there.
      else if (production && serviceUrl.protocol !== 'https:')
        problem(context, 'ALERT_SERVICE_URL', 'must be https in production');
    })
    .transform((settings): AlertsConfig => ({
      ...(settings.ALERT_TEAM_ID !== undefined ? { teamId: settings.ALERT_TEAM_ID } : {}),
      ...(settings.ALERT_CHANNEL_ID !== undefined ? { channelId: settings.ALERT_CHANNEL_ID } : {}),
      serviceUrl: settings.ALERT_SERVICE_URL,
    }));
