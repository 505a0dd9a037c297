import type { Config } from '../config';
import { randomUUID } from 'node:crypto';
import { Lease, type LeaseRecord } from '../reset/lease';
import { systemClock, type Clock, type Logger, type RecordStore } from '../reset/ports';
import type { AlertChannel } from './alertChannels';
import { AlertChannels } from './alertChannels';
import type { SentAlert } from './caseAlerts';
import { CaseAlerts } from './caseAlerts';
import type { ProactiveAdapter } from '../lib/proactiveAdapter';
import { TeamsAlertPoster } from './teamsAlertPoster';

export { AlertChannels } from './alertChannels';
export { CaseAlerts } from './caseAlerts';

export interface Alerts {
  /** Wraps the reset service's audit log and case store. */
  readonly cases: CaseAlerts;
  /** Learns the channel from `conversationUpdate`s. */
  readonly channels: AlertChannels;
}

/** Service-desk alerts in a Teams channel; what they learn and send is kept in the shared store. */
export function createAlerts(deps: {
  readonly config: Pick<Config, 'production' | 'bot' | 'security' | 'alerts' | 'publicUrl'>;
  readonly adapter: ProactiveAdapter;
  /** The shared store's records under a prefix (`Stores.records`). */
  readonly records: <T extends object>(prefix: string) => RecordStore<T>;
  readonly logger: Logger;
  /** The bot's public base URL for the case links; `config.publicUrl` when absent. */
  readonly publicUrl?: () => string;
  readonly clock?: Clock;
}): Alerts {
  const { config, adapter, records, logger } = deps;
  const appId = config.bot.appId;
  const allowed = config.security.allowedTenantIds;
  const tenantId = config.bot.tenantId ?? (allowed.length === 1 ? allowed[0] : undefined);
  const channels = new AlertChannels({
    ...(config.alerts.teamId !== undefined ? { teamId: config.alerts.teamId } : {}),
    ...(config.alerts.channelId !== undefined ? { channelId: config.alerts.channelId } : {}),
    serviceUrl: config.alerts.serviceUrl,
    ...(tenantId !== undefined ? { tenantId } : {}),
    ...(appId !== undefined ? { botId: `28:${appId}` } : {}),
    production: config.production,
    store: records<AlertChannel>('alerts'),
    logger,
    ...(deps.clock ? { clock: deps.clock } : {}),
    lease: new Lease(
      records<LeaseRecord>('leases'),
      'alert-channel',
      randomUUID(),
      deps.clock ?? systemClock,
    ),
  });
  const poster = new TeamsAlertPoster({
    adapter,
    botAppId: appId ?? '',
    channels,
    publicUrl: deps.publicUrl ?? (() => config.publicUrl),
    logger,
  });
  const cases = new CaseAlerts({
    poster,
    sent: records<SentAlert>('alerts/sent'),
    logger,
  });
  return { cases, channels };
}
