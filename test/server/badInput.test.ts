import assert from 'node:assert/strict';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import type { TeamsUser } from '../support/teamsUser';

async function post(bot: BotHarness, body: string, contentType = 'application/json') {
  const response = await fetch(new URL('/api/messages', bot.botUrl), {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('bad input', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot();
  });

  afterEach(async () => {
    await bot.stop();
  });

  describe('when the HTTP request itself is broken', () => {
    it('answers 400 to malformed JSON, without internals', async () => {
      const response = await post(bot, '{"type": "message", "text": ');
      assert.equal(response.status, 400);
      assert.doesNotMatch(response.text, /at .*\.js|SyntaxError|stack/i);
    });

    it('answers 415 to a body that is not JSON', async () => {
      const response = await post(bot, 'type=message', 'application/x-www-form-urlencoded');
      assert.equal(response.status, 415);
    });

    it('answers 400 to an activity without from or conversation, and names what is missing', async () => {
      const user = bot.user();
      const activity = user.activity({ type: 'message', text: 'hej' }) as Record<string, unknown>;
      delete activity['from'];
      const noFrom = await post(bot, JSON.stringify(activity));
      assert.equal(noFrom.status, 400);
      assert.match(noFrom.text, /from/);

      const noConversation = user.activity({ type: 'message', text: 'hej' }) as Record<string, unknown>;
      delete noConversation['conversation'];
      const response = await post(bot, JSON.stringify(noConversation));
      assert.equal(response.status, 400);
      assert.match(response.text, /conversation/);
    });

    it('answers 400 to JSON that is not an object', async () => {
      assert.equal((await post(bot, '[1,2,3]')).status, 400);
      assert.equal((await post(bot, '"message"')).status, 400);
    });

    it('answers 413 to a body larger than the limit', async () => {
      const huge = JSON.stringify({ type: 'message', text: 'x'.repeat(400 * 1024) });
      assert.equal((await post(bot, huge)).status, 413);
    });

    it('sends security headers and no server details', async () => {
      const response = await fetch(new URL('/healthz', bot.botUrl));
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('x-frame-options'), 'DENY');
      assert.match(response.headers.get('content-security-policy') ?? '', /default-src 'none'/);
      assert.equal(response.headers.get('cache-control'), 'no-store');
    });

    it('keeps serving afterwards', async () => {
      await post(bot, '{');
      const turn = await bot.user().say('hej');
      assert.equal(turn.status, 200);
      assert.match(turn.text, /Har du problem att logga in/);
    });
  });

  describe('when the username is not a username', () => {
    const usernames: [string, string][] = [
      ['10 000 characters', 'a'.repeat(10_000)],
      ['emoji', '🔒🙈'],
      ['control characters', 'anna\u0000\u0007svensson\u001b[31m'],
      ['an LDAP filter', '*)(sAMAccountName=*'],
      ['SQL', "' OR 1=1"],
      ['an OData filter', "anna' or startswith(userPrincipalName,'a"],
    ];
    for (const [what, username] of usernames) {
      it(`explains what a username looks like when given ${what}`, async () => {
        const user = bot.user();
        await user.say('hej');
        const turn = await user.say(username);
        assert.equal(turn.status, 200);
        assert.match(turn.text, /ser inte ut som ett användarnamn/);
        assert.equal(bot.sms.received.length, 0);
      });
    }

    it('asks again when the account card is submitted empty', async () => {
      const user = bot.user();
      await user.say('hej');
      const turn = await user.submit('account.submit', { username: '   ' });
      assert.match(turn.text, /ser inte ut som ett användarnamn/);
    });
  });

  describe('when the code is typed wrongly', () => {
    let anna: TeamsUser;

    beforeEach(async () => {
      anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      await anna.submit('account.own');
    });

    for (const typed of ['12345', '1234567', '12a456', 'sex siffror']) {
      it(`says the code is six digits for "${typed}", without using up a try`, async () => {
        const turn = await anna.say(typed);
        assert.match(turn.text, /sex siffror/);
        const [record] = await bot.app.cases.list();
        assert.equal(record?.code?.wrongAttempts, 0);
      });
    }

    it('accepts the code with a space or a dash in the middle', async () => {
      const code = bot.sms.latestCode();
      const turn = await anna.say(`${code.slice(0, 3)} ${code.slice(3)}`);
      assert.match(turn.text, /Vad vill du göra\?/);
    });

    it('needs a new code after three wrong tries, even if the right one comes next', async () => {
      const right = bot.sms.latestCode();
      const wrong = right === '000000' ? '111111' : '000000';
      await anna.say(wrong);
      await anna.say(wrong);
      const third = await anna.say(wrong);
      assert.match(third.text, /fel kod för många gånger/);
      const late = await anna.say(right);
      assert.match(late.text, /fel kod för många gånger/);
    });
  });

  describe('when a card submit is not what the card sends', () => {
    let anna: TeamsUser;

    beforeEach(async () => {
      anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
    });

    it('refuses a submit with fields of the wrong type', async () => {
      const card = anna.latestCard();
      const turn = await anna.submitRaw(
        { verb: 'account.submit', caseId: 42, nonce: ['x'], username: {} },
        card?.id,
      );
      assert.match(turn.text, /kunde inte läsa/);
      assert.equal(bot.sms.received.length, 0);
    });

    it('refuses a submit without a verb, and one with a verb no card has', async () => {
      assert.match((await anna.submitRaw({ username: 'anna.svensson' })).text, /kunde inte läsa/);
      assert.match(
        (await anna.submitRaw({ verb: 'admin.unlockAll', caseId: 'x', nonce: 'y' })).text,
        /kunde inte läsa/,
      );
    });

    it('ignores extra fields and goes on', async () => {
      const turn = await anna.submit('account.submit', { username: 'anna.svensson', isAdmin: 'true' });
      assert.match(turn.text, /slutar på ••05/);
    });

    it('refuses a replayed submit of an answered card', async () => {
      await anna.submit('account.own');
      const code = bot.sms.latestCode();
      await anna.say(code);
      const choiceCard = anna.latestCard();
      const replay = await anna.submitRaw(
        { verb: 'account.own', caseId: (await bot.app.cases.list())[0]!.id, nonce: 'old-nonce' },
        choiceCard?.id,
      );
      assert.match(replay.text, /tidigare steg/);
      assert.equal(bot.sms.received.length, 1);
    });

    it('refuses a submit after the case expired, and changes nothing', async () => {
      const clockBot = bot;
      await anna.submit('account.own');
      const [record] = await clockBot.app.cases.list();
      // Make the case look idle for 16 minutes.
      const stored = await clockBot.app.cases.get(record!.id);
      await clockBot.app.cases.save(
        { ...stored!.value, updatedAt: new Date(Date.now() - 16 * 60_000).toISOString() },
        stored!.etag,
      );
      const turn = await anna.say(bot.sms.latestCode());
      assert.match(turn.text, /för lång tid/);
      assert.equal((await clockBot.app.cases.get(record!.id))?.value.outcome, 'expired');
      assert.equal((await bot.app.directory.findByUsername('anna.svensson'))?.locked, true);
    });
  });

  describe('when an empty message or only an attachment arrives', () => {
    it('asks for text', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      const turn = await anna.send({ type: 'message', text: '   ' });
      assert.match(turn.text, /bara läsa text/);
    });
  });
});
