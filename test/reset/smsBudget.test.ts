import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { SlidingWindowCounter, type SlidingWindowState } from '../../src/reset/smsBudget';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
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
