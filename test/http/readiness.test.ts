import assert from 'node:assert/strict';
import { checkReadiness, reusedFor } from '../../src/http/readiness';

describe('readiness checks', () => {
  describe('when a check hangs', () => {
    it('reports it as not ready (timeout) without waiting for it', async () => {
      const started = Date.now();
      const result = await checkReadiness(
        { slow: () => new Promise(() => undefined), quick: () => Promise.resolve() },
        50,
      );
      assert.ok(Date.now() - started < 1_000);
      assert.equal(result.ready, false);
      assert.deepEqual(result.dependencies, {
        slow: { state: 'not-ready', reason: 'timeout' },
        quick: { state: 'ready' },
      });
    });
  });

  describe('when a check throws synchronously', () => {
    it('reports the error’s class', async () => {
      const result = await checkReadiness(
        {
          broken: () => {
            throw new TypeError('secret detail');
          },
        },
        50,
      );
      assert.deepEqual(result.dependencies, { broken: { state: 'not-ready', reason: 'TypeError' } });
    });
  });

  describe('when a check is reused', () => {
    it('runs once within its time, and again after; a failure is not kept', async () => {
      let now = 0;
      let runs = 0;
      let fail = false;
      const check = reusedFor(
        1_000,
        () => {
          runs++;
          return fail ? Promise.reject(new Error('down')) : Promise.resolve();
        },
        () => now,
      );
      await check();
      await check();
      assert.equal(runs, 1);
      now = 1_000;
      fail = true;
      await assert.rejects(check());
      fail = false;
      await check();
      assert.equal(runs, 3, 'the failure was not reused');
    });
  });
});
