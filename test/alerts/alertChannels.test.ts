import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { MemoryStorage } from 'botbuilder';
import { AlertChannels, type AlertChannel, type AlertChannelsOptions } from '../../src/alerts/alertChannels';
import { Lease, type LeaseRecord } from '../../src/reset/lease';
import { systemClock } from '../../src/reset/ports';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { memoryLogger, type MemoryLogStream } from '../support/memoryLog';

const SERVICE_DESK_TEAM = '19:servicedesk0123@thread.tacv2';
const OTHER_TEAM = '19:otherteam4567@thread.tacv2';
const SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

/** The `conversationUpdate` Teams sends when the bot is added to a team (in its General channel). */
function installedIn(
  teamId: string,
  options: { name?: string; botJoined?: boolean } = {},
): Partial<Activity> {
  return {
    type: 'conversationUpdate',
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    recipient: { id: '28:bot', name: 'Reset Assistant' },
    conversation: { id: teamId, isGroup: true, conversationType: 'channel', tenantId: 'tenant-1', name: '' },
    membersAdded: [{ id: options.botJoined === false ? '29:someone' : '28:bot', name: '' }],
    channelData: {
      team: { id: teamId, name: options.name ?? 'Servicedesk' },
      tenant: { id: 'tenant-1' },
      eventType: 'teamMemberAdded',
    },
  };
}

/** The `conversationUpdate` Teams sends when the bot is removed from a team. */
function removedFrom(teamId: string): Partial<Activity> {
  const installed = installedIn(teamId);
  return {
    ...installed,
    membersAdded: [],
    membersRemoved: [{ id: '28:bot', name: '' }],
    channelData: { ...(installed.channelData as Record<string, unknown>), eventType: 'teamMemberRemoved' },
  };
}

function arrange(options: Partial<AlertChannelsOptions> = {}): {
  channels: AlertChannels;
  log: MemoryLogStream;
  storage: MemoryStorage;
} {
  const { logger, log } = memoryLogger('debug');
  const storage = new MemoryStorage();
  const channels = new AlertChannels({
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
    production: false,
    store: new BotStorageRecordStore<AlertChannel>(storage, 'alerts'),
    logger,
    ...options,
  });
  return { channels, log, storage };
}

describe('AlertChannels', () => {
  describe('when ALERT_CHANNEL_ID is configured', () => {
    it('uses it with ALERT_SERVICE_URL, whatever team installs the bot', async () => {
      const { channels } = arrange({ channelId: '19:configured@thread.tacv2', tenantId: 'tenant-1' });

      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.deepEqual(await channels.current(), {
        channelId: '19:configured@thread.tacv2',
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
        tenantId: 'tenant-1',
      });
    });
  });

  describe('when the bot is installed in the ALERT_TEAM_ID team', () => {
    it('remembers its General channel, service URL and tenant', async () => {
      const { channels } = arrange({ teamId: SERVICE_DESK_TEAM });

      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.deepEqual(await channels.current(), {
        channelId: SERVICE_DESK_TEAM,
        serviceUrl: SERVICE_URL,
        tenantId: 'tenant-1',
        botId: '28:bot',
        teamId: SERVICE_DESK_TEAM,
        teamName: 'Servicedesk',
      });
    });

    it('keeps it across a restart (the shared storage)', async () => {
      const { channels, storage, log } = arrange({ teamId: SERVICE_DESK_TEAM });
      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      const restarted = new AlertChannels({
        teamId: SERVICE_DESK_TEAM,
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
        production: true,
        store: new BotStorageRecordStore<AlertChannel>(storage, 'alerts'),
        logger: memoryLogger().logger,
      });

      assert.equal((await restarted.current())?.channelId, SERVICE_DESK_TEAM);
      assert.ok(
        !log.lines.some((line) => line.includes('first team')),
        'no first-team warning with a team id',
      );
    });
  });

  describe('when the bot is removed from the team that has the alerts', () => {
    it('stops alerting, says so, and takes the channel back when installed again', async () => {
      const removedAt = new Date('2026-12-07T08:30:00Z');
      const { channels, log, storage } = arrange({
        teamId: SERVICE_DESK_TEAM,
        clock: { now: () => removedAt },
      });
      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      await channels.learn(removedFrom(SERVICE_DESK_TEAM));

      assert.equal(await channels.current(), undefined);
      assert.ok(log.lines.some((line) => line.includes('was removed from Servicedesk')));
      const stored = await new BotStorageRecordStore<AlertChannel>(storage, 'alerts').get('channel');
      assert.equal(stored?.value.removedAt, removedAt.toISOString());

      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.equal((await channels.current())?.channelId, SERVICE_DESK_TEAM);
    });

    it('outside production without ALERT_TEAM_ID, lets the next team installed take over', async () => {
      const { channels } = arrange();
      await channels.learn(installedIn(OTHER_TEAM, { name: 'Ekonomi' }));

      await channels.learn(removedFrom(OTHER_TEAM));
      await channels.learn(installedIn(SERVICE_DESK_TEAM, { botJoined: false }));
      assert.equal(await channels.current(), undefined, 'a team event without the install does not');
      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.equal((await channels.current())?.teamId, SERVICE_DESK_TEAM);
    });

    it('keeps the channel when the bot leaves some other team', async () => {
      const { channels } = arrange();
      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      await channels.learn(removedFrom(OTHER_TEAM));

      assert.equal((await channels.current())?.teamId, SERVICE_DESK_TEAM);
    });
  });

  describe('when another team installs the bot and ALERT_TEAM_ID names the service desk’s', () => {
    it('learns nothing', async () => {
      const { channels } = arrange({ teamId: SERVICE_DESK_TEAM });

      await channels.learn(installedIn(OTHER_TEAM));

      assert.equal(await channels.current(), undefined);
    });
  });

  describe('when there is no ALERT_TEAM_ID outside production', () => {
    it('the first team learnt wins, with a warning that names it', async () => {
      const { channels, log } = arrange();

      await channels.learn(installedIn(OTHER_TEAM, { name: 'Ekonomi' }));
      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.equal((await channels.current())?.teamId, OTHER_TEAM);
      const warnings = log.entries().filter((entry) => entry['level'] === 40);
      assert.equal(warnings.length, 1);
      assert.match(String(warnings[0]?.['msg']), /first team .*\(Ekonomi\).*ALERT_TEAM_ID/);
    });

    it('also learns from another team event when nothing is known yet', async () => {
      const { channels } = arrange();

      await channels.learn(installedIn(OTHER_TEAM, { botJoined: false }));

      assert.equal((await channels.current())?.teamId, OTHER_TEAM);
    });
  });

  describe('when there is no ALERT_TEAM_ID in production', () => {
    it('learns nothing', async () => {
      const { channels } = arrange({ production: true });

      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.equal(await channels.current(), undefined);
    });
  });

  describe('when a channel was learnt before ALERT_TEAM_ID named another team', () => {
    it('ignores the stored one', async () => {
      const { channels, storage } = arrange();
      await channels.learn(installedIn(OTHER_TEAM));
      const configured = new AlertChannels({
        teamId: SERVICE_DESK_TEAM,
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
        production: false,
        store: new BotStorageRecordStore<AlertChannel>(storage, 'alerts'),
        logger: memoryLogger().logger,
      });

      assert.equal(await configured.current(), undefined);
    });
  });

  describe('when a personal chat is updated', () => {
    it('learns nothing', async () => {
      const { channels } = arrange();
      const personal = installedIn(SERVICE_DESK_TEAM);

      await channels.learn({ ...personal, channelData: { tenant: { id: 'tenant-1' } } });

      assert.equal(await channels.current(), undefined);
    });
  });
  describe('when several instances see team events (the learning lease)', () => {
    function withLease(
      storage: MemoryStorage,
      holder: string,
      leaseWaitMs = 2000,
    ): Partial<AlertChannelsOptions> {
      return {
        lease: new Lease(
          new BotStorageRecordStore<LeaseRecord>(storage, 'leases'),
          'alert-channel',
          holder,
          systemClock,
        ),
        leaseWaitMs,
      };
    }

    it('waits while another instance decides, then learns', async () => {
      const { storage } = arrange();
      const other = new Lease(
        new BotStorageRecordStore<LeaseRecord>(storage, 'leases'),
        'alert-channel',
        'other',
        systemClock,
      );
      await other.acquire(10_000);
      const { channels } = arrange({
        store: new BotStorageRecordStore<AlertChannel>(storage, 'alerts'),
        ...withLease(storage, 'me'),
      });

      const learning = channels.learn(installedIn(SERVICE_DESK_TEAM));
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(await channels.current(), undefined, 'nothing decided while the other holds the lease');
      await other.release();
      await learning;

      assert.equal((await channels.current())?.teamId, SERVICE_DESK_TEAM);
    });

    it('gives up with a warning when the lease stays taken', async () => {
      const { storage } = arrange();
      await new Lease(
        new BotStorageRecordStore<LeaseRecord>(storage, 'leases'),
        'alert-channel',
        'stuck',
        systemClock,
      ).acquire(10_000);
      const { channels, log } = arrange({
        store: new BotStorageRecordStore<AlertChannel>(storage, 'alerts'),
        ...withLease(storage, 'me', 200),
      });

      await channels.learn(installedIn(SERVICE_DESK_TEAM));

      assert.equal(await channels.current(), undefined);
      assert.ok(log.entries().some((entry) => /another instance kept the lease/.test(String(entry['msg']))));
    });
  });
});
