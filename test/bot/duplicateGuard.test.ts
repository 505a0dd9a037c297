import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DuplicateGuard, type SeenInConversation } from '../../src/bot/duplicateGuard';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { FakeClock, minutes } from '../support/fakeClock';
import { memoryLogger } from '../support/memoryLog';

const CASE_ID = '0b7f2c1e-4d5a-4e8b-9c3d-2a1f0e9d8c7b';
const CONVERSATION = 'a:personal-chat';

describe('DuplicateGuard (Teams retries and double taps)', () => {
  let storage: MemoryStorage;
  let store: BotStorageRecordStore<SeenInConversation>;
  let clock: FakeClock;
  let guard: DuplicateGuard;

  beforeEach(() => {
    storage = new MemoryStorage();
    store = new BotStorageRecordStore<SeenInConversation>(storage, 'seen');
    clock = new FakeClock();
    guard = new DuplicateGuard(store, memoryLogger().logger, {
      remembered: 5,
      forgetAfterMs: minutes(60),
      now: () => clock.now().getTime(),
    });
  });

  function activity(id: string, nonce?: string): Partial<Activity> {
    return {
      type: 'message',
      id,
      channelId: 'msteams',
      conversation: { id: CONVERSATION } as Activity['conversation'],
      from: { id: '29:user-1', name: 'Anna' },
      recipient: { id: '28:bot', name: 'Bot' },
      ...(nonce ? { value: { verb: 'choice.unlock', caseId: CASE_ID, nonce } } : { text: 'hej' }),
    };
  }

  /** Whether the turn went on to the bot. */
  async function deliver(incoming: Partial<Activity>): Promise<boolean> {
    let ran = false;
    await guard.onTurn(new TurnContext(new TestAdapter(), incoming), () => {
      ran = true;
      return Promise.resolve();
    });
    return ran;
  }

  async function remembered(): Promise<SeenInConversation | undefined> {
    return (await store.get(`msteams/${CONVERSATION}`))?.value;
  }

  describe('when Teams retries an activity', () => {
    it('lets it through once and drops the retry', async () => {
      assert.equal(await deliver(activity('a1')), true);
      clock.advance(minutes(2));
      assert.equal(await deliver(activity('a1')), false);
    });
  });

  describe('when a card is submitted twice (double tap)', () => {
    it('lets it be answered once', async () => {
      assert.equal(await deliver(activity('a1', 'nonce-1')), true);
      assert.equal(await deliver(activity('a2', 'nonce-1')), false);
    });
  });

  describe('when a conversation goes on for long', () => {
    it('forgets entries older than the age limit, so the record stays small', async () => {
      await deliver(activity('a1', 'nonce-1'));
      clock.advance(minutes(30));
      await deliver(activity('a2'));
      clock.advance(minutes(31));
      await deliver(activity('a3'));

      assert.deepEqual(await remembered(), {
        activityIds: ['a2', 'a3'],
        activityAt: [clock.now().getTime() - minutes(31), clock.now().getTime()],
        nonces: [],
        nonceAt: [],
      });
    });

    it('keeps at most its count, the newest', async () => {
      for (let n = 1; n <= 7; n++) await deliver(activity(`a${n}`));

      assert.deepEqual((await remembered())?.activityIds, ['a3', 'a4', 'a5', 'a6', 'a7']);
      assert.equal(await deliver(activity('a7')), false);
    });
  });

  describe('when the record was written before entries had times', () => {
    it('reads it, still catches its retries, and ages it out', async () => {
      await store.put(`msteams/${CONVERSATION}`, { activityIds: ['old-1'], nonces: ['old-nonce'] });

      assert.equal(await deliver(activity('old-1')), false);
      assert.equal(await deliver(activity('a9', 'old-nonce')), false);
      assert.equal(await deliver(activity('a10')), true);
      clock.advance(minutes(61));
      assert.deepEqual((await remembered())?.activityIds, ['old-1', 'a10']);
      assert.equal(await deliver(activity('a11')), true);
      assert.deepEqual((await remembered())?.activityIds, ['a11']);
    });
  });
});
