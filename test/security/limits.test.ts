import assert from 'node:assert/strict';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';

describe('limits that stop guessing, flooding and enumeration', () => {
  let bot: BotHarness;

  afterEach(async () => {
    await bot.stop();
  });

  describe('when someone keeps guessing codes for one account across new cases', () => {
    it('stops evaluating guesses at the daily limit, so at most limit × 10⁻⁶ can succeed', async () => {
      bot = await startBot({ WRONG_CODES_PER_ACCOUNT_PER_DAY: '4', CODE_RESEND_COOLDOWN_SECONDS: '0' });
      const attacker = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      let evaluated = 0;
      let refused = '';
      for (let attempt = 0; attempt < 3 && !refused; attempt++) {
        await attacker.say('hej');
        await attacker.submit('account.own');
        for (let guess = 0; guess < 3; guess++) {
          const code = bot.sms.latestCode();
          const turn = await attacker.say(code === '000000' ? '111111' : '000000');
          if (/Koden stämmer inte|fel kod för många gånger/.test(turn.text)) evaluated++;
          if (/inga fler koder i dag/.test(turn.text)) {
            refused = turn.text;
            break;
          }
        }
        if (!refused) await attacker.say('avbryt');
      }
      assert.equal(evaluated, 4);
      assert.match(refused, /Servicedesk/);
      // Even the right code is not evaluated any more today.
      await attacker.say('hej');
      await attacker.submit('account.own');
      const right = await attacker.say(bot.sms.latestCode());
      assert.match(right.text, /inga fler koder i dag/);
    });
  });

  describe('when one user opens case after case', () => {
    it('refuses new cases past the hourly limit', async () => {
      bot = await startBot({ CASES_PER_REQUESTER_PER_HOUR: '2' });
      const user = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      for (let i = 0; i < 2; i++) {
        assert.match((await user.say('hej')).text, /Har du problem att logga in/);
        await user.say('avbryt');
      }
      const third = await user.say('hej');
      assert.match(third.text, /startat många ärenden/);
      assert.equal((await bot.app.cases.list()).length, 2);
    });
  });

  describe('when one account is flooded with code requests', () => {
    it('sends five codes an hour, then blocks the account', async () => {
      bot = await startBot({ CODE_RESEND_COOLDOWN_SECONDS: '0' });
      const user = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await user.say('hej');
      await user.submit('account.own');
      let blocked = '';
      for (let i = 0; i < 10 && !blocked; i++) {
        const turn = await user.submit('code.resend');
        if (/för många koder/.test(turn.text)) blocked = turn.text;
      }
      assert.equal(bot.sms.received.length, 5);
      assert.match(blocked, /Servicedesk/);
    });
  });

  describe('when the whole service sends more than its hourly budget', () => {
    it('stops at the budget and gives the service-desk guidance', async () => {
      bot = await startBot({ SMS_HOURLY_BUDGET: '3' });
      const owners = [
        ANNA_AAD_OBJECT_ID,
        'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11',
        '9404fdb5-87b3-43d2-a9a3-58cf44e8435b',
      ];
      for (const aadObjectId of owners) {
        const user = bot.user({ aadObjectId });
        await user.say('hej');
        await user.submit('account.own');
      }
      const fourth = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await fourth.say('hej');
      const turn = await fourth.submit('account.own');
      assert.equal(bot.sms.received.length, 3);
      assert.match(turn.text, /Servicedesk/);
    });
  });

  describe('when someone asks about other people’s accounts', () => {
    it('answers unknown and existing accounts alike, in comparable time', async () => {
      bot = await startBot({ UNIFORM_ANSWER_MIN_MS: '400' });
      const timings: Record<'unknown' | 'existing', number[]> = { unknown: [], existing: [] };
      const texts: Record<'unknown' | 'existing', string> = { unknown: '', existing: '' };
      for (let round = 0; round < 3; round++) {
        for (const [kind, username] of [
          ['unknown', `nobody.${round}`],
          ['existing', 'bertil.berg'],
        ] as const) {
          const user = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
          await user.say('hej');
          const started = performance.now();
          const turn = await user.say(username);
          timings[kind].push(performance.now() - started);
          texts[kind] = turn.text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID');
        }
      }
      assert.equal(texts.unknown, texts.existing);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
      const ratio = median(timings.unknown) / median(timings.existing);
      assert.ok(ratio > 0.8 && ratio < 1.25, `unknown/existing answer time ratio ${ratio.toFixed(2)}`);
      assert.ok(Math.min(...timings.unknown) >= 400);
    });
  });
});
