import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { ExpiryReminders, type ExpiryRemindersSent } from '../../../src/reset/notices/expiryReminders';
import { Lease, type LeaseRecord } from '../../../src/reset/lease';
import type { ExpiringPassword, Notice, PersonalChats } from '../../../src/reset/notices/ports';
import { ReminderPreferences, type ReminderPreference } from '../../../src/reset/notices/reminderPreferences';
import { BotStorageRecordStore } from '../../../src/storage/botStorageRecordStore';
import { FakeClock, hours } from '../../support/fakeClock';
import { memoryLogger } from '../../support/memoryLog';

const ANNA = '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01';
const DAY = hours(24);

function arrange(start = '2026-12-07T09:00:00Z') {
  const storage = new MemoryStorage();
  const store = <T extends object>(prefix: string) => new BotStorageRecordStore<T>(storage, prefix);
  const clock = new FakeClock(start);
  const sent: Notice[] = [];
  const chats: PersonalChats = {
    send: (_to, notice) => {
      sent.push(notice);
      return Promise.resolve('sent');
    },
  };
  const expiring: ExpiringPassword[] = [];
  const preferences = new ReminderPreferences(store<ReminderPreference>('preferences'), clock);
  const reminders = new ExpiryReminders({
    feed: {
      expiringBefore: (until) => Promise.resolve(expiring.filter((account) => account.expiresAt < until)),
    },
    chats,
    lease: new Lease(store<LeaseRecord>('leases'), 'expiry', 'me', clock),
    sent: store<ExpiryRemindersSent>('expiry'),
    preferences,
    hours: { always: false, fromHour: 8, toHour: 17, timeZone: 'Europe/Stockholm' },
    thresholdsDays: [7, 1],
    clock,
    logger: memoryLogger().logger,
    intervalMs: hours(1),
  });
  return { reminders, sent, expiring, clock, preferences };
}

describe('ExpiryReminders', () => {
  describe('when a password expires in ten days and time passes', () => {
    it('reminds once at seven days and once at one day, the first saying how to stop', async () => {
      const world = arrange();
      world.expiring.push({
        username: 'anna.svensson',
        expiresAt: new Date(world.clock.now().getTime() + 10 * DAY),
        aadObjectId: ANNA,
      });

      assert.equal(await world.reminders.check(), 0);
      world.clock.advance(3 * DAY);
      assert.equal(await world.reminders.check(), 1);
      assert.equal(await world.reminders.check(), 0);
      world.clock.advance(6 * DAY);
      assert.equal(await world.reminders.check(), 1);

      assert.deepEqual(
        world.sent.map((notice) => notice.kind === 'expiry' && [notice.daysLeft, notice.first]),
        [
          [7, true],
          [1, false],
        ],
      );
    });
  });

  describe('outside notice hours (07:59 Stockholm, or a Saturday)', () => {
    it('waits', async () => {
      const early = arrange('2026-12-07T06:59:00Z');
      early.expiring.push({
        username: 'anna.svensson',
        expiresAt: new Date('2026-12-10T00:00:00Z'),
        aadObjectId: ANNA,
      });
      assert.equal(await early.reminders.check(), 0);
      early.clock.advance(60_000);
      assert.equal(await early.reminders.check(), 1);

      const saturday = arrange('2026-12-05T10:00:00Z');
      saturday.expiring.push({
        username: 'anna.svensson',
        expiresAt: new Date('2026-12-10T00:00:00Z'),
        aadObjectId: ANNA,
      });
      assert.equal(await saturday.reminders.check(), 0);
    });
  });

  describe('when the owner said stopp, or cannot be identified', () => {
    it('sends nothing', async () => {
      const world = arrange();
      await world.preferences.set(ANNA, true);
      world.expiring.push(
        {
          username: 'anna.svensson',
          expiresAt: new Date(world.clock.now().getTime() + 2 * DAY),
          aadObjectId: ANNA,
        },
        { username: 'okand', expiresAt: new Date(world.clock.now().getTime() + 2 * DAY) },
      );

      assert.equal(await world.reminders.check(), 0);
      assert.deepEqual(world.sent, []);
    });
  });
});
