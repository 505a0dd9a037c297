import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import {
  HourlySmsBudget,
  SMS_BUDGET_SHARDS,
  SlidingWindowCounter,
  type SlidingWindowState,
} from '../../src/reset/smsBudget';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { CreateOnlyMemoryStorage } from '../support/createOnlyMemoryStorage';
import { minutes, seconds } from '../support/fakeClock';

describe('SlidingWindowCounter', () => {
  const start = new Date('2025-03-10T08:00:00.000Z');
  const at = (ms: number): Date => new Date(start.getTime() + ms);

  function counter(limit: number): SlidingWindowCounter {
    return new SlidingWindowCounter(
      new BotStorageRecordStore<SlidingWindowState>(new MemoryStorage(), 'window'),
      limit,
      minutes(60),
    );
  }

  describe('when events come within the window', () => {
    it('allows up to the limit and refuses the next', async () => {
      const window = counter(3);

      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await window.take('k', at(minutes(i))));

      assert.deepEqual(answers, [true, true, true, false]);
    });

    it('keeps separate keys apart', async () => {
      const window = counter(1);

      assert.equal(await window.take('a', start), true);
      assert.equal(await window.take('b', start), true);
      assert.equal(await window.take('a', start), false);
    });
  });

  describe('when the oldest event leaves the window', () => {
    it('allows one more, and refusals do not count', async () => {
      const window = counter(2);
      await window.take('k', at(0));
      await window.take('k', at(minutes(30)));
      assert.equal(await window.take('k', at(minutes(59))), false);

      assert.equal(await window.take('k', at(minutes(61))), true);
      assert.equal(await window.take('k', at(minutes(62))), false);
    });

    it('counts an event until its whole minute has left the hour (strict, never lax)', async () => {
      const window = counter(1);
      await window.take('k', at(seconds(30)));

      assert.equal(await window.take('k', at(minutes(60) + seconds(31))), false);
      assert.equal(await window.take('k', at(minutes(61) - 1)), false);
      assert.equal(await window.take('k', at(minutes(61))), true);
    });
  });

  describe('when many events fall within the window', () => {
    it('stores one count per minute, not one time per event', async () => {
      const store = new BotStorageRecordStore<SlidingWindowState>(new MemoryStorage(), 'window');
      const window = new SlidingWindowCounter(store, 100_000, minutes(60));

      for (let i = 0; i < 3000; i++) await window.take('k', at(i * seconds(2)));

      const buckets = (await store.get('k'))?.value.buckets ?? [];
      assert.equal(buckets.length, 61);
      assert.equal(
        buckets.reduce((sum, [, events]) => sum + events, 0),
        // Events of the minute that has just left the hour still count (61 minutes of 30 events).
        61 * 30,
      );
    });

    it('refuses at the limit across minutes, as it did one event at a time', async () => {
      const window = counter(90);

      const answers = [];
      for (let i = 0; i < 100; i++) answers.push(await window.take('k', at(i * seconds(20))));

      assert.equal(answers.filter(Boolean).length, 90);
      assert.deepEqual(answers.slice(88, 92), [true, true, false, false]);
    });
  });

  describe('when the stored record is from before buckets (one time per event)', () => {
    it('counts those times and writes buckets from then on', async () => {
      const store = new BotStorageRecordStore<SlidingWindowState>(new MemoryStorage(), 'window');
      await store.put('k', { at: [at(0).getTime(), at(seconds(10)).getTime(), at(minutes(5)).getTime()] });
      const window = new SlidingWindowCounter(store, 4, minutes(60));

      assert.equal(await window.take('k', at(minutes(10))), true);
      assert.equal(await window.take('k', at(minutes(11))), false);
      assert.deepEqual((await store.get('k'))?.value, {
        buckets: [
          [at(0).getTime(), 2],
          [at(minutes(5)).getTime(), 1],
          [at(minutes(10)).getTime(), 1],
        ],
      });
    });
  });

  describe('when many instances take at the same moment', () => {
    it('never lets more through than the limit', async () => {
      const window = counter(5);

      const answers = await Promise.all(Array.from({ length: 12 }, () => window.take('k', start)));

      assert.equal(answers.filter(Boolean).length, 5);
    });
  });
});

describe('HourlySmsBudget', () => {
  const start = new Date('2025-03-10T08:00:00.000Z');

  /** One budget object per instance, each with its own record store, all on one shared store (create-only, as SQLite and Azure are). */
  function instances(count: number, storage: MemoryStorage, perHour: number): HourlySmsBudget[] {
    return Array.from(
      { length: count },
      () => new HourlySmsBudget(new BotStorageRecordStore<SlidingWindowState>(storage, 'budget'), perHour),
    );
  }

  describe('when codes are sent one after another', () => {
    it('sends exactly the hourly budget, spread over its shards, and refuses the next', async () => {
      const storage = new MemoryStorage();
      const [budget] = instances(1, storage, 10);

      const answers = [];
      for (let i = 0; i < 12; i++) answers.push(await budget!.take(new Date(start.getTime() + i * 1000)));

      assert.deepEqual(answers, [...Array<boolean>(10).fill(true), false, false]);
      const store = new BotStorageRecordStore<SlidingWindowState>(storage, 'budget');
      const perShard = [];
      for (let shard = 0; shard < SMS_BUDGET_SHARDS; shard++) {
        const buckets = (await store.get(`sms-budget/all/${shard}`))?.value.buckets ?? [];
        perShard.push(buckets.reduce((sum, [, events]) => sum + events, 0));
      }
      // Shares of 10 over 4 shards: 3, 3, 2, 2, each filled.
      assert.deepEqual(perShard, [3, 3, 2, 2]);
    });

    it('allows again once the hour has passed', async () => {
      const [budget] = instances(1, new MemoryStorage(), 2);
      await budget!.take(start);
      await budget!.take(start);
      assert.equal(await budget!.take(new Date(start.getTime() + minutes(30))), false);

      assert.equal(await budget!.take(new Date(start.getTime() + minutes(62))), true);
    });
  });

  describe('when three instances send at the same moment', () => {
    it('never lets more through than the budget, and refuses nothing below it', async () => {
      const budgets = instances(3, new CreateOnlyMemoryStorage(), 7);

      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => budgets[i % 3]!.take(start)));

      assert.equal(answers.filter(Boolean).length, 7);
    });
  });

  describe('when the budget is smaller than the number of shards', () => {
    it('uses one shard per code, so the limit is still exact', async () => {
      const [budget] = instances(1, new MemoryStorage(), 1);

      assert.equal(await budget!.take(start), true);
      assert.equal(await budget!.take(start), false);
    });
  });
});
