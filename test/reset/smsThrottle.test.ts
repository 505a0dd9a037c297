import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { SmsThrottle, type SmsThrottleState, type ThrottleDecision } from '../../src/reset/smsThrottle';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { FakeClock, hours, minutes } from '../support/fakeClock';

const POLICY = { maxPerWindow: 5, windowMs: hours(1), blockMs: hours(24) };

function newThrottle(): SmsThrottle {
  return new SmsThrottle(
    new BotStorageRecordStore<SmsThrottleState>(new MemoryStorage(), 'throttle'),
    POLICY,
  );
}

async function takeTimes(throttle: SmsThrottle, account: string, times: number, clock: FakeClock) {
  const decisions: ThrottleDecision[] = [];
  for (let i = 0; i < times; i++) decisions.push(await throttle.take(account, clock.now()));
  return decisions;
}

function allowedCount(decisions: readonly ThrottleDecision[]): number {
  return decisions.filter((decision) => decision.allowed).length;
}

describe('SmsThrottle', () => {
  let throttle: SmsThrottle;
  let clock: FakeClock;

  beforeEach(() => {
    throttle = newThrottle();
    clock = new FakeClock('2025-03-10T08:00:00.000Z');
  });

  describe('when an account asks for five codes within an hour', () => {
    it('allows all five', async () => {
      const decisions: ThrottleDecision[] = [];
      for (let i = 0; i < 5; i++) {
        decisions.push(await throttle.take('anna', clock.now()));
        clock.advance(minutes(10));
      }

      assert.deepEqual(
        decisions,
        Array.from({ length: 5 }, () => ({ allowed: true })),
      );
    });
  });

  describe('when an account asks for a sixth code within the hour', () => {
    it('refuses it and blocks the account for 24 hours from then', async () => {
      await takeTimes(throttle, 'anna', 5, clock);
      clock.advance(minutes(5));

      const sixth = await throttle.take('anna', clock.now());

      assert.deepEqual(sixth, { allowed: false, until: new Date('2025-03-11T08:05:00.000Z') });
    });

    it('keeps refusing during the block, even after the hour has passed', async () => {
      await takeTimes(throttle, 'anna', 6, clock);

      clock.advance(hours(2));
      const afterTwoHours = await throttle.take('anna', clock.now());
      clock.advance(hours(21) + minutes(59));
      const justBeforeTheEnd = await throttle.take('anna', clock.now());

      assert.deepEqual(afterTwoHours, { allowed: false, until: new Date('2025-03-11T08:00:00.000Z') });
      assert.deepEqual(justBeforeTheEnd, { allowed: false, until: new Date('2025-03-11T08:00:00.000Z') });
    });
  });

  describe('when the 24-hour block is over', () => {
    it('allows codes again, five per hour as before', async () => {
      await takeTimes(throttle, 'anna', 6, clock);
      clock.advance(hours(24));

      const decisions = await takeTimes(throttle, 'anna', 6, clock);

      assert.equal(allowedCount(decisions), 5);
      assert.equal(decisions[5]?.allowed, false);
    });
  });

  describe('when the hour slides on', () => {
    it('frees one code as each earlier send leaves the window', async () => {
      // Sends at 08:00, 08:10, 08:20, 08:30, 08:40.
      for (let i = 0; i < 5; i++) {
        await throttle.take('anna', clock.now());
        clock.advance(minutes(10));
      }
      // 09:00:01: the 08:00 send is more than an hour old.
      clock.advance(minutes(10) + 1000);

      const afterFirstLeft = await throttle.take('anna', clock.now());

      assert.deepEqual(afterFirstLeft, { allowed: true });
    });

    it('still blocks when the oldest send is exactly one hour old minus a moment', async () => {
      await takeTimes(throttle, 'anna', 5, clock);
      clock.advance(hours(1) - 1);

      const decision = await throttle.take('anna', clock.now());

      assert.equal(decision.allowed, false);
    });
  });

  describe('when different accounts ask', () => {
    it('counts each account on its own', async () => {
      await takeTimes(throttle, 'anna', 6, clock);

      const bertil = await takeTimes(throttle, 'bertil', 5, clock);

      assert.equal(allowedCount(bertil), 5);
      assert.equal((await throttle.take('anna', clock.now())).allowed, false);
    });
  });

  describe('when ten requests for the same account arrive at once', () => {
    it('allows at most five of them on a fresh account', async () => {
      const decisions = await Promise.all(
        Array.from({ length: 10 }, () => throttle.take('anna', clock.now())),
      );

      assert.equal(allowedCount(decisions), 5);
    });

    it('allows only what is left of the allowance on an account that already has sends', async () => {
      await takeTimes(throttle, 'anna', 2, clock);

      const decisions = await Promise.all(
        Array.from({ length: 10 }, () => throttle.take('anna', clock.now())),
      );

      assert.equal(allowedCount(decisions), 3);
    });
  });
});
