import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { Lease, type LeaseRecord } from '../../../src/reset/lease';
import {
  LockoutWatcher,
  type LockoutNoticeSent,
  type NoticeRecord,
  type RecentChange,
} from '../../../src/reset/notices/lockoutWatcher';
import type { LockedAccount, Notice, PersonalChats, SignInLog } from '../../../src/reset/notices/ports';
import { BotStorageRecordStore } from '../../../src/storage/botStorageRecordStore';
import { FakeClock, minutes, seconds } from '../../support/fakeClock';
import { CreateOnlyMemoryStorage } from '../../support/createOnlyMemoryStorage';
import { memoryLogger } from '../../support/memoryLog';

const ANNA = '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01';

class RecordingChats implements PersonalChats {
  readonly sent: { to: string; notice: Notice }[] = [];
  send(to: string, notice: Notice): Promise<'sent' | 'unreachable'> {
    this.sent.push({ to, notice });
    return Promise.resolve('sent');
  }
}

/** A directory's lockouts, as the test sets them. */
class Feed {
  locked: LockedAccount[] = [];
  searches = 0;
  lockedSince(since: Date): Promise<readonly LockedAccount[]> {
    this.searches++;
    return Promise.resolve(this.locked.filter((account) => account.lockedAt >= since));
  }
}

function arrange(
  storage = new MemoryStorage(),
  clock = new FakeClock('2026-12-07T07:00:00Z'),
  feed = new Feed(),
  signIns?: SignInLog,
) {
  const chats = new RecordingChats();
  const records: NoticeRecord[] = [];
  const store = <T extends object>(prefix: string) => new BotStorageRecordStore<T>(storage, prefix);
  const changes = store<RecentChange>('notices/changes');
  const watcher = new LockoutWatcher({
    feed,
    chats,
    lease: new Lease(store<LeaseRecord>('leases'), 'lockout-watch', `instance-${Math.random()}`, clock),
    state: store<{ lastLook: string }>('notices/watch'),
    sent: store<LockoutNoticeSent>('notices/lockout'),
    changes,
    ...(signIns ? { signIns } : {}),
    record: (notice) => {
      records.push(notice);
      return Promise.resolve();
    },
    clock,
    logger: memoryLogger().logger,
    intervalMs: seconds(60),
  });
  return { watcher, chats, feed, clock, storage, records, changes };
}

const locked = (lockedAt: Date, extra: Partial<LockedAccount> = {}): LockedAccount => ({
  username: 'anna.svensson',
  lockedAt,
  enabled: true,
  protected: false,
  aadObjectId: ANNA,
  ...extra,
});

describe('LockoutWatcher', () => {
  describe('when an account locks between two looks', () => {
    it('tells its owner once, with one directory search per look', async () => {
      const world = arrange();
      world.clock.advance(seconds(10));
      world.feed.locked = [locked(world.clock.now())];
      world.clock.advance(seconds(20));

      assert.equal(await world.watcher.look(), 1);
      world.clock.advance(seconds(60));
      assert.equal(await world.watcher.look(), 0);

      assert.equal(world.feed.searches, 2);
      assert.equal(world.chats.sent.length, 1);
      assert.equal(world.chats.sent[0]?.to, ANNA);
      assert.deepEqual(
        world.records.map(({ kind, username, delivered, relock }) => ({ kind, username, delivered, relock })),
        [{ kind: 'lockout', username: 'anna.svensson', delivered: true, relock: false }],
      );
    });
  });

  describe('when the account locks again within the hour', () => {
    it('sends nothing more, unless the bot changed the account since: then it is a relock', async () => {
      const world = arrange();
      world.feed.locked = [locked(world.clock.now())];
      await world.watcher.look();
      world.clock.advance(minutes(5));
      world.feed.locked = [locked(world.clock.now())];
      await world.watcher.look();
      assert.equal(world.chats.sent.length, 1);

      await world.changes.put('anna.svensson', { at: world.clock.now().toISOString() });
      world.clock.advance(minutes(10));
      world.feed.locked = [locked(world.clock.now())];
      await world.watcher.look();

      assert.equal(world.chats.sent.length, 2);
      const relock = world.chats.sent[1]?.notice;
      assert.ok(relock?.kind === 'lockout' && relock.relock === true);
    });
  });

  describe("when Entra's sign-in log is readable and a relock follows the bot's unlock", () => {
    /** The log as the test sets it: what it answers, and what it was asked. */
    function signInLog(answer: readonly string[] | undefined) {
      const asked: [string, string, string][] = [];
      const log: SignInLog = {
        failedSignInSources: (owner, from, until) => {
          asked.push([owner, from.toISOString(), until.toISOString()]);
          return Promise.resolve(answer);
        },
      };
      return { log, asked };
    }

    async function relock(log: SignInLog) {
      const world = arrange(undefined, undefined, undefined, log);
      await world.changes.put('anna.svensson', { at: world.clock.now().toISOString() });
      world.clock.advance(minutes(12));
      world.feed.locked = [locked(world.clock.now())];
      await world.watcher.look();
      const notice = world.chats.sent[0]?.notice;
      assert.ok(notice?.kind === 'lockout' && notice.relock === true);
      return notice;
    }

    it('names the apps and devices of the failed sign-ins since the unlock', async () => {
      const { log, asked } = signInLog(['Exchange ActiveSync, iPhone']);

      const notice = await relock(log);

      assert.deepEqual(notice.failedFrom, ['Exchange ActiveSync, iPhone']);
      assert.deepEqual(asked, [[ANNA, '2026-12-07T07:00:00.000Z', '2026-12-07T07:13:00.000Z']]);
    });

    it('omits the line when the log shows nothing or cannot be read', async () => {
      assert.equal((await relock(signInLog([]).log)).failedFrom, undefined);
      assert.equal((await relock(signInLog(undefined).log)).failedFrom, undefined);
      const failing: SignInLog = { failedSignInSources: () => Promise.reject(new Error('boom')) };
      assert.equal((await relock(failing)).failedFrom, undefined);
    });

    it('does not ask for a first lockout', async () => {
      const { log, asked } = signInLog(['IMAP, Windows']);
      const world = arrange(undefined, undefined, undefined, log);
      world.feed.locked = [locked(world.clock.now())];
      await world.watcher.look();

      assert.equal(world.chats.sent.length, 1);
      assert.deepEqual(asked, []);
    });
  });

  describe('when the account is disabled, protected or has no known owner', () => {
    it('tells nobody', async () => {
      const world = arrange();
      world.feed.locked = [
        locked(world.clock.now(), { enabled: false }),
        locked(world.clock.now(), { username: 'admin', protected: true }),
        { username: 'okand', lockedAt: world.clock.now(), enabled: true, protected: false },
      ];

      assert.equal(await world.watcher.look(), 0);
      assert.deepEqual(world.chats.sent, []);
    });
  });

  describe('when two instances share the store', () => {
    it('only the lease holder looks, so the owner gets one notice', async () => {
      const storage = new CreateOnlyMemoryStorage();
      const clock = new FakeClock('2026-12-07T07:00:00Z');
      const feed = new Feed();
      const first = arrange(storage, clock, feed);
      const second = arrange(storage, clock, feed);
      feed.locked = [locked(clock.now())];

      const sent = await Promise.all([first.watcher.look(), second.watcher.look()]);

      assert.equal(sent[0] + sent[1], 1);
      assert.equal(first.chats.sent.length + second.chats.sent.length, 1);
      assert.equal(feed.searches, 1);
    });

    it('the other instance takes over once the holder stops renewing', async () => {
      const storage = new CreateOnlyMemoryStorage();
      const clock = new FakeClock('2026-12-07T07:00:00Z');
      const feed = new Feed();
      const first = arrange(storage, clock, feed);
      const second = arrange(storage, clock, feed);
      await first.watcher.look();
      assert.equal(await second.watcher.look(), 0);
      assert.equal(feed.searches, 1);

      clock.advance(minutes(3));
      feed.locked = [locked(clock.now())];
      assert.equal(await second.watcher.look(), 1);
    });
  });
});
