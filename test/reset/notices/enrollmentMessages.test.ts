import assert from 'node:assert/strict';
import { noticeActivity } from '../../../src/bot/noticeActivity';
import type { Account, PhoneNumber } from '../../../src/reset/account';
import { EnrollmentMessages, type EnrollmentTold } from '../../../src/reset/notices/enrollmentMessages';
import { ExpiryReminders, type ExpiryRemindersSent } from '../../../src/reset/notices/expiryReminders';
import { Lease, type LeaseRecord } from '../../../src/reset/lease';
import type { Notice, NoticeRecord, PersonalChats } from '../../../src/reset/notices/ports';
import { ReminderPreferences, type ReminderPreference } from '../../../src/reset/notices/reminderPreferences';
import { BotStorageRecordStore } from '../../../src/storage/botStorageRecordStore';
import { CreateOnlyMemoryStorage } from '../../support/createOnlyMemoryStorage';
import { FakeClock, hours } from '../../support/fakeClock';
import { memoryLogger } from '../../support/memoryLog';

const ANNA = '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01';
const DAY = hours(24);

function account(username: string, changes: Partial<Account> = {}): Account {
  return {
    id: username,
    username,
    displayName: username,
    upn: `${username}@kommun.se`,
    source: 'on-premises',
    enabled: true,
    locked: false,
    aadObjectId: ANNA,
    ...changes,
  };
}

/** One instance's reminder round over a shared storage (two calls: two instances). */
function instance(
  storage: CreateOnlyMemoryStorage,
  clock: FakeClock,
  accounts: Map<string, Account>,
  reachable: Set<string>,
) {
  const store = <T extends object>(prefix: string) => new BotStorageRecordStore<T>(storage, prefix);
  const sent: Notice[] = [];
  const records: NoticeRecord[] = [];
  const chats: PersonalChats & { reachable: boolean } = {
    reachable: true,
    send(_to, notice) {
      if (!this.reachable) return Promise.resolve('unreachable');
      sent.push(notice);
      return Promise.resolve('sent');
    },
  };
  const preferences = new ReminderPreferences(store<ReminderPreference>('preferences'), clock);
  const enrollment = new EnrollmentMessages({
    feed: {
      withoutMobile: () => Promise.resolve([...accounts.values()].map(({ username }) => ({ username }))),
    },
    findAccount: (username) => Promise.resolve(accounts.get(username)),
    isReachable: (id) => Promise.resolve(reachable.has(id)),
    chats,
    told: store<EnrollmentTold>('enrollment'),
    preferences,
    url: 'https://aka.ms/mysecurityinfo',
    record: (notice) => {
      records.push(notice);
      return Promise.resolve();
    },
    clock,
    logger: memoryLogger().logger,
  });
  const round = new ExpiryReminders({
    enrollment,
    chats,
    lease: new Lease(store<LeaseRecord>('leases'), 'expiry', `instance-${Math.random()}`, clock),
    sent: store<ExpiryRemindersSent>('expiry'),
    preferences,
    hours: { always: false, fromHour: 8, toHour: 17, timeZone: 'Europe/Stockholm' },
    thresholdsDays: [7, 1],
    clock,
    logger: memoryLogger().logger,
    intervalMs: hours(1),
  });
  return { round, sent, records, preferences, chats };
}

function arrange(start = '2026-12-07T09:00:00Z') {
  const storage = new CreateOnlyMemoryStorage();
  const clock = new FakeClock(start);
  const accounts = new Map([['anna.svensson', account('anna.svensson')]]);
  const reachable = new Set([ANNA]);
  return { storage, clock, accounts, reachable, ...instance(storage, clock, accounts, reachable) };
}

describe('EnrollmentMessages', () => {
  describe('when a reachable person has no registered mobile', () => {
    it('tells them once, again only after 30 days, and records it for the service desk', async () => {
      const world = arrange();

      assert.equal(await world.round.check(), 1);
      world.clock.advance(DAY);
      assert.equal(await world.round.check(), 0);
      world.clock.advance(28 * DAY);
      assert.equal(await world.round.check(), 0);
      world.clock.advance(DAY);
      assert.equal(await world.round.check(), 1);

      assert.deepEqual(
        world.sent.map((notice) => notice.kind === 'enrollment' && [notice.username, notice.url]),
        [
          ['anna.svensson', 'https://aka.ms/mysecurityinfo'],
          ['anna.svensson', 'https://aka.ms/mysecurityinfo'],
        ],
      );
      assert.deepEqual(
        world.records.map(({ kind, username, delivered }) => [kind, username, delivered]),
        [
          ['enrollment', 'anna.svensson', true],
          ['enrollment', 'anna.svensson', true],
        ],
      );
    });
  });

  describe('when the message could not be delivered (the chat is gone)', () => {
    it('records that, and tries again the next day rather than in 30 days', async () => {
      const world = arrange();
      world.chats.reachable = false;
      assert.equal(await world.round.check(), 0);
      assert.deepEqual(
        world.records.map(({ kind, delivered }) => [kind, delivered]),
        [['enrollment', false]],
      );

      world.chats.reachable = true;
      world.clock.advance(hours(2));
      assert.equal(await world.round.check(), 0);
      world.clock.advance(DAY);
      assert.equal(await world.round.check(), 1);
    });
  });

  describe('when the lookup the SMS step uses finds a mobile after all', () => {
    it('says nothing', async () => {
      const world = arrange();
      world.accounts.set(
        'anna.svensson',
        account('anna.svensson', { mobile: '+46701234567' as PhoneNumber }),
      );

      assert.equal(await world.round.check(), 0);
    });
  });

  describe('when the directory lookup fails', () => {
    it('stops the pass without failing the round, and tries again next round', async () => {
      const world = arrange();
      // The same accounts, behind a lookup that fails until the directory is back.
      const failing = new Map(world.accounts);
      let down = true;
      const lookup = failing.get.bind(failing);
      failing.get = (username: string) => {
        if (down) throw new Error('directory down');
        return lookup(username);
      };
      const broken = instance(world.storage, world.clock, failing, world.reachable);

      assert.equal(await broken.round.check(), 0);
      down = false;
      world.clock.advance(hours(2));
      assert.equal(await broken.round.check(), 1);
    });
  });

  describe('when the bot knows no chat of the person', () => {
    it('installs nothing and says nothing, and looks again the next day', async () => {
      const world = arrange();
      world.reachable.clear();

      assert.equal(await world.round.check(), 0);
      world.reachable.add(ANNA);
      world.clock.advance(hours(2));
      assert.equal(await world.round.check(), 0);
      world.clock.advance(DAY);
      assert.equal(await world.round.check(), 1);
    });
  });

  describe('when the person said "stopp", then "start"', () => {
    it('is silent while stopped', async () => {
      const world = arrange();
      await world.preferences.set(ANNA, true);
      assert.equal(await world.round.check(), 0);

      await world.preferences.set(ANNA, false);
      world.clock.advance(DAY);
      assert.equal(await world.round.check(), 1);
    });
  });

  describe('outside notice hours (a Saturday)', () => {
    it('waits', async () => {
      const world = arrange('2026-12-12T10:00:00Z');
      assert.equal(await world.round.check(), 0);
      world.clock.advance(2 * DAY);
      assert.equal(await world.round.check(), 1);
    });
  });

  describe('when two instances run the round', () => {
    it('sends one message', async () => {
      const world = arrange();
      const other = instance(world.storage, world.clock, world.accounts, world.reachable);

      const counts = await Promise.all([world.round.check(), other.round.check()]);

      assert.equal(counts[0] + counts[1], 1);
      assert.equal(world.sent.length + other.sent.length, 1);
    });
  });

  describe('when it is rendered', () => {
    it('names the link and the service desk in the last locale, and how to stop', () => {
      const notice: Notice = {
        kind: 'enrollment',
        username: 'anna.svensson',
        url: 'https://aka.ms/mysecurityinfo',
        noticeId: 'n1',
      };
      const swedish = JSON.stringify(noticeActivity(notice, 'sv-SE', { servicedeskPhone: '0142-36 6000' }));
      const english = JSON.stringify(noticeActivity(notice, 'en-US', { servicedeskPhone: '0142-36 6000' }));
      const noUrl = JSON.stringify(
        noticeActivity({ ...notice, url: undefined }, 'sv-SE', { servicedeskPhone: '0142-36 6000' }),
      );

      assert.match(swedish, /inget mobilnummer registrerat/);
      assert.match(swedish, /Action\.OpenUrl.*https:\/\/aka\.ms\/mysecurityinfo/);
      assert.match(swedish, /0142-36 6000/);
      assert.match(swedish, /Skriv stopp/);
      assert.match(english, /has no mobile number registered.*Type stop/);
      assert.doesNotMatch(noUrl, /OpenUrl|knappen/);
      assert.match(noUrl, /Servicedesk hjälper dig.*0142-36 6000/);
    });
  });
});
