import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { ConflictError } from '../reset/errors';
import type { Lease } from '../reset/lease';
import { systemClock, type Clock, type Logger, type RecordStore } from '../reset/ports';
import { describe } from '../reset/resetService';

/** Where alerts are posted: a Teams channel and the connector that reaches it. */
export interface AlertChannel {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  /** The bot's own id in that team (`28:…`), when learnt at install. */
  readonly botId?: string;
  readonly teamId?: string;
  readonly teamName?: string;
  /** Set when the bot was removed from that team: alerts stop until it is installed again. */
  readonly removedAt?: string;
}

export interface AlertChannelsOptions {
  /** `ALERT_TEAM_ID`: only this team's channel is learnt. */
  readonly teamId?: string;
  /** `ALERT_CHANNEL_ID`: wins over any channel learnt. */
  readonly channelId?: string;
  /** `ALERT_SERVICE_URL`, for the configured channel. */
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly botId?: string;
  readonly production: boolean;
  /** Survives restarts and is shared by every instance. */
  readonly store: RecordStore<AlertChannel>;
  readonly logger: Logger;
  /** When a removal is stamped; the system clock when absent. */
  readonly clock?: Clock;
  /**
   * Held while a team event is looked at, so two instances never decide on the learnt channel at once
   * (an install and a removal delivered to different instances). None: this process decides alone.
   */
  readonly lease?: Lease;
  /** How long an event waits for another instance's lease (5 s when absent). */
  readonly leaseWaitMs?: number;
}

/** Long enough for one event's reads and writes; a dead holder blocks learning no longer than this. */
const LEARNING_LEASE_MS = 10_000;

const LEARNT_KEY = 'channel';

const teamsChannelData = z.object({
  team: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  tenant: z.object({ id: z.string().min(1) }).optional(),
});

/**
 * The alert channel: the configured one, or the one learnt when the bot is installed in the service
 * desk's team (`ALERT_TEAM_ID`). Outside production without a team id, the first team learnt wins.
 */
export class AlertChannels {
  private readonly log: Logger;

  constructor(private readonly options: AlertChannelsOptions) {
    this.log = options.logger.child({ module: 'alert-channel' });
  }

  async current(): Promise<AlertChannel | undefined> {
    const o = this.options;
    if (o.channelId !== undefined) {
      return {
        channelId: o.channelId,
        serviceUrl: o.serviceUrl,
        ...(o.tenantId !== undefined ? { tenantId: o.tenantId } : {}),
        ...(o.botId !== undefined ? { botId: o.botId } : {}),
      };
    }
    const learnt = (await o.store.get(LEARNT_KEY))?.value;
    if (!learnt || learnt.removedAt !== undefined) return undefined;
    // Learnt before ALERT_TEAM_ID was set (or changed): not the service desk's team.
    if (o.teamId !== undefined && learnt.teamId !== o.teamId) return undefined;
    return learnt;
  }

  /** Looks at a `conversationUpdate`; never throws, so a storage hiccup cannot break the turn. */
  async learn(activity: Partial<Activity>): Promise<void> {
    const lease = this.options.lease;
    try {
      if (lease && !(await this.waitFor(lease))) {
        this.log.warn({}, 'could not remember the alert channel: another instance kept the lease');
        return;
      }
      try {
        await this.learnFrom(activity);
      } finally {
        await lease?.release();
      }
    } catch (error) {
      this.log.warn({ err: describe(error) }, 'could not remember the alert channel');
    }
  }

  private async waitFor(lease: Lease): Promise<boolean> {
    const deadline = Date.now() + (this.options.leaseWaitMs ?? 5000);
    for (let pause = 50; ; pause = Math.min(pause * 2, 500)) {
      if (await lease.acquire(LEARNING_LEASE_MS)) return true;
      if (Date.now() + pause > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async learnFrom(activity: Partial<Activity>): Promise<void> {
    const data = teamsChannelData.safeParse(activity.channelData);
    const team = data.success ? data.data.team : undefined;
    const conversationId = activity.conversation?.id.split(';')[0];
    if (!team || !conversationId || !activity.serviceUrl) return;
    const o = this.options;
    if (o.channelId !== undefined) return;
    if (o.teamId === undefined ? o.production : team.id !== o.teamId) {
      this.log.info(
        { teamId: team.id },
        'conversation update from a team that is not the alert team: ignored',
      );
      return;
    }
    const botId = activity.recipient?.id;
    if (botId !== undefined && (activity.membersRemoved ?? []).some((member) => member.id === botId)) {
      await this.forget(team.id);
      return;
    }
    const installed = (activity.membersAdded ?? []).some((member) => member.id === botId);
    const tenantId = (data.success ? data.data.tenant?.id : undefined) ?? activity.conversation?.tenantId;
    const channel: AlertChannel = {
      // Teams sends team events in the team's General channel, whose id this is.
      channelId: conversationId,
      serviceUrl: activity.serviceUrl,
      ...(tenantId !== undefined ? { tenantId } : {}),
      ...(activity.recipient?.id ? { botId: activity.recipient.id } : {}),
      teamId: team.id,
      ...(team.name !== undefined ? { teamName: team.name } : {}),
    };
    const existing = await o.store.get(LEARNT_KEY);
    if (existing?.value.removedAt !== undefined) {
      // The bot left the team that had the alerts: the next team that may have them takes over.
      if (!installed) return;
      await o.store.put(LEARNT_KEY, channel, existing.etag);
    } else if (existing) {
      // A reinstall in the alert team may move it (new service URL); any other team never takes over.
      const sameTeam = existing.value.teamId === team.id;
      if (!sameTeam || !installed || o.teamId === undefined) return;
      await o.store.put(LEARNT_KEY, channel, existing.etag);
    } else {
      try {
        await o.store.put(LEARNT_KEY, channel);
      } catch (error) {
        if (error instanceof ConflictError) return; // another instance learnt one first
        throw error;
      }
    }
    if (o.teamId === undefined) {
      this.log.warn(
        { teamId: team.id, teamName: team.name },
        `alerts go to the first team the bot was installed in (${team.name ?? team.id}); set ALERT_TEAM_ID to choose`,
      );
    } else {
      this.log.info({ teamId: team.id, channelId: channel.channelId }, 'alert channel learnt');
    }
  }

  /** The bot was removed from `teamId`: if that team had the alerts, they stop (a warning says so). */
  private async forget(teamId: string): Promise<void> {
    const existing = await this.options.store.get(LEARNT_KEY);
    if (!existing || existing.value.teamId !== teamId || existing.value.removedAt !== undefined) return;
    await this.options.store.put(
      LEARNT_KEY,
      { ...existing.value, removedAt: (this.options.clock ?? systemClock).now().toISOString() },
      existing.etag,
    );
    this.log.warn(
      { teamId, teamName: existing.value.teamName },
      `the bot was removed from ${existing.value.teamName ?? teamId}: no alerts are posted until it is installed in the service desk's team again`,
    );
  }
}
