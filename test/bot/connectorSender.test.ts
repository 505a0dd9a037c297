import assert from 'node:assert/strict';
import {
  ConnectorGaveUp,
  ConnectorSender,
  type SenderRequest,
  type SenderResponse,
} from '../../src/bot/connectorSender';
import { runTurn } from '../../src/lib/turnBudget';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { memoryLogger } from '../support/memoryLog';

/** A clock that only moves when the sender sleeps, so pacing and back-off are exact. */
class ManualClock {
  time = 1_000_000;
  readonly slept: number[] = [];
  now = (): number => this.time;
  sleep = (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.time += ms;
    return Promise.resolve();
  };
}

const reply = (conversation: string, tenant = 'tenant-1'): SenderRequest => ({
  url: `https://smba.example/v3/conversations/${conversation}/activities`,
  method: 'POST',
  body: JSON.stringify({ type: 'message', conversation: { id: conversation, tenantId: tenant } }),
});

function answers(...statuses: (number | [number, string])[]): {
  next: (request: SenderRequest) => Promise<SenderResponse>;
  calls: number[];
} {
  const calls: number[] = [];
  let index = 0;
  return {
    calls,
    next: () => {
      const answer = statuses[Math.min(index++, statuses.length - 1)]!;
      const [status, retryAfter] = Array.isArray(answer) ? answer : [answer, undefined];
      calls.push(status);
      const headers = { get: (name: string) => (name === 'retry-after' ? retryAfter : undefined) };
      return Promise.resolve({ status, headers });
    },
  };
}

describe('ConnectorSender', () => {
  let clock: ManualClock;
  let sender: ConnectorSender;

  beforeEach(() => {
    clock = new ManualClock();
    sender = new ConnectorSender(memoryLogger().logger, {
      now: clock.now,
      sleep: clock.sleep,
      random: () => 0.5,
      turnBudgetMs: 10_000,
      callBudgetMs: 60_000,
    });
  });

  const send = (request: SenderRequest, next: (r: SenderRequest) => Promise<SenderResponse>) =>
    sender.policy().sendRequest(request, next);

  describe('when one conversation sends faster than Teams allows', () => {
    it('keeps to 7 a second and 60 per 30 seconds by waiting for a slot', async () => {
      const ok = answers(200);
      const start = clock.time;
      const at: number[] = [];
      for (let i = 0; i < 61; i++) {
        await send(reply('a:1'), ok.next);
        at.push(clock.time - start);
      }
      assert.deepEqual(at.slice(0, 7), [0, 0, 0, 0, 0, 0, 0]);
      assert.equal(at[7], 1_000, 'the 8th send waits until the first leaves the second');
      for (let i = 7; i < 61; i++) {
        const sameSecond = at.filter((t) => t > at[i]! - 1_000 && t <= at[i]!).length;
        assert.ok(sameSecond <= 7, `send ${i + 1}: ${sameSecond} in one second`);
      }
      assert.equal(at[60], 30_000, 'the 61st send waits until the first leaves the 30 seconds');
    });
  });

  describe('when many conversations of one tenant send at once', () => {
    it('keeps the tenant to 50 a second', async () => {
      const ok = answers(200);
      const start = clock.time;
      for (let i = 0; i < 50; i++) await send(reply(`a:${i}`), ok.next);
      assert.equal(clock.time, start);
      await send(reply('a:50'), ok.next);
      assert.equal(clock.time - start, 1_000);
      await send(reply('a:51', 'tenant-2'), ok.next);
      assert.equal(clock.time - start, 1_000, 'another tenant has its own budget');
    });
  });

  describe('when Teams answers 429 with Retry-After', () => {
    it('waits as long as it says, then sends again', async () => {
      const throttled = answers([429, '2'], 201);
      const response = await send(reply('a:1'), throttled.next);
      assert.equal(response.status, 201);
      assert.deepEqual(throttled.calls, [429, 201]);
      assert.deepEqual(clock.slept, [2_000]);
    });
  });

  describe('when the service answers 412, 502, 503 or 504', () => {
    it('retries each with exponential back-off and jitter', async () => {
      const failing = answers(503, 502, 504, 412, 200);
      const response = await send(reply('a:1'), failing.next);
      assert.equal(response.status, 200);
      // random() = 0.5: three quarters of 200, 400, 800, 1600 ms.
      assert.deepEqual(clock.slept, [150, 300, 600, 1_200]);
    });

    it('does not retry what another try cannot fix (404, 400, 403)', async () => {
      for (const status of [404, 400, 403]) {
        const failing = answers(status, 200);
        assert.equal((await send(reply(`a:${status}`), failing.next)).status, status);
        assert.deepEqual(failing.calls, [status]);
      }
    });
  });

  describe('when the service stays down', () => {
    it('gives up with its last answer inside the turn’s budget', async () => {
      const down = answers(503);
      const start = clock.time;
      const response = await runTurn(start, () => send(reply('a:1'), down.next));
      assert.equal(response.status, 503);
      assert.ok(clock.time - start <= 10_000, `gave up after ${clock.time - start} ms`);
      assert.ok(down.calls.length >= 2);
    });

    it('does not wait out a Retry-After longer than the budget', async () => {
      const throttled = answers([429, '60'], 200);
      const response = await runTurn(clock.time, () => send(reply('a:1'), throttled.next));
      assert.equal(response.status, 429);
      assert.deepEqual(clock.slept, []);
    });

    it('refuses a send whose slot lies past the budget rather than being late', async () => {
      const ok = answers(200);
      await runTurn(clock.time, async () => {
        for (let i = 0; i < 60; i++) await send(reply('a:1'), ok.next);
      });
      await assert.rejects(
        runTurn(clock.time, () => send(reply('a:1'), ok.next)),
        (error: unknown) => error instanceof ConnectorGaveUp && error.statusCode === 429,
      );
    });
  });
});

describe('the bot’s connector calls under Teams’ errors (connector stub)', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot({}, { connectorSender: { turnBudgetMs: 2_500, baseDelayMs: 50 } });
  });

  afterEach(async () => {
    await bot.stop();
  });

  describe('when the card update is throttled with 429 and Retry-After', () => {
    it('honours Retry-After and updates the card', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const cardId = (await anna.say('hej')).replies[0]!.id;
      bot.connector.failWith(429, { retryAfterSeconds: 1, method: 'PUT' });
      const started = Date.now();
      const code = await anna.submit('account.own');
      assert.ok(Date.now() - started >= 1_000, 'waited for Retry-After');
      assert.deepEqual(
        bot.connector.failures.map((failure) => failure.status),
        [429],
      );
      assert.equal(code.connectorCalls, 1);
      assert.equal(code.replies[0]!.id, cardId);
      assert.match(code.text, /slutar på ••05/);
    });
  });

  describe('when the connector answers 503 twice', () => {
    it('retries and the press is answered', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      bot.connector.failWith(503, { times: 2 });
      const code = await anna.submit('account.own');
      assert.equal(bot.connector.failures.length, 2);
      assert.match(code.text, /slutar på ••05/);
    });
  });

  describe('when the connector stays down past the turn’s budget', () => {
    it('answers Teams in time, keeps the case, and "hej" shows its card again', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      bot.connector.failWith(503, { times: 1_000 });
      const started = Date.now();
      const lost = await anna.submit('account.own');
      const took = Date.now() - started;
      assert.equal(lost.status, 200);
      assert.ok(took < 5_000, `the turn took ${took} ms`);
      assert.equal(lost.connectorCalls, 0);
      assert.ok(!bot.logs.some((line) => line.includes('unhandled error in turn')));

      await bot.connector.recover();
      const again = await anna.say('hej');
      assert.match(again.text, /Ange koden från SMS:et/, 'the case went on to the code step');
      const choice = await anna.submit('code.submit', { code: bot.sms.latestCode() });
      assert.match(choice.text, /Vad vill du göra\?/);
    });
  });
});
