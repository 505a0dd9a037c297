import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { SlidingWindowCounter, type SlidingWindowState } from '../../src/reset/smsBudget';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { minutes } from '../support/fakeClock';

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

      assert.equal(await window.take('k', at(minutes(60) + 1)), true);
      assert.equal(await window.take('k', at(minutes(61))), false);
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
