import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../reset/ports';

/** Where Teams says which tenant an activity comes from. */
export function tenantOf(context: TurnContext): string | undefined {
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  const id = typeof fromChannelData === 'string' ? fromChannelData : context.activity.conversation?.tenantId;
  return id?.toLowerCase();
}

/**
 * Only allow-listed tenants reach the bot. A single-tenant app registration does not stop users of
 * other tenants from messaging it, so activities from elsewhere end here: no reply, no lookup, no SMS.
 * An empty list lets everyone in (development and the demo only; production requires a list).
 */
export class TenantGuard implements Middleware {
  private readonly allowed: ReadonlySet<string>;
  private readonly log: Logger;

  constructor(allowedTenantIds: readonly string[], logger: Logger) {
    this.allowed = new Set(allowedTenantIds.map((id) => id.toLowerCase()));
    this.log = logger.child({ module: 'tenant-guard' });
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (this.allowed.size === 0) return next();
    const tenant = tenantOf(context);
    if (tenant !== undefined && this.allowed.has(tenant)) return next();
    this.log.warn(
      {
        tenant: tenant ?? 'none',
        activityType: context.activity.type,
        channelId: context.activity.channelId,
      },
      'activity from a tenant that is not allowed: dropped',
    );
  }
}

/**
 * Only allow-listed Bot Framework channels reach the bot (security finding 9). The tenant guard and the
 * own-account check trust `channelData.tenant.id` and `from.aadObjectId`, which only Teams fills in
 * for us; any channel of the Azure Bot (Web Chat, Direct Line) delivers activities with a valid token
 * and whatever those fields say. So activities of other channels end here, before the tenant guard:
 * no reply, no lookup, no SMS, as for another tenant.
 */
export class ChannelGuard implements Middleware {
  private readonly allowed: ReadonlySet<string>;
  private readonly log: Logger;

  constructor(allowedChannels: readonly string[], logger: Logger) {
    this.allowed = new Set(allowedChannels.map((id) => id.toLowerCase()));
    this.log = logger.child({ module: 'channel-guard' });
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const channel = context.activity.channelId?.toLowerCase();
    if (channel !== undefined && this.allowed.has(channel)) return next();
    this.log.warn(
      {
        channelId: String(context.activity.channelId ?? 'none').slice(0, 100),
        activityType: context.activity.type,
        allowed: [...this.allowed],
      },
      'activity from a channel that is not allowed: dropped',
    );
  }
}
