import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { submitData, type TeamsUser } from '../support/teamsUser';

const OUR_TENANT = '11111111-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';

describe('who may talk to the bot, and how often a delivery counts', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot({ ALLOWED_TENANT_IDS: OUR_TENANT });
  });

  afterEach(async () => {
    sinon.restore();
    await bot.stop();
  });

  describe('when a user of another tenant writes', () => {
    it('drops the activity: no answer, no case, no SMS', async () => {
      const stranger = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, tenantId: OTHER_TENANT });
      const hello = await stranger.say('hej');
      const named = await stranger.say('anna.svensson');
      assert.equal(hello.replies.length + named.replies.length, 0);
      assert.equal((await bot.app.cases.list()).length, 0);
      assert.equal(bot.sms.received.length, 0);
      assert.ok(bot.logs.some((line) => line.includes('tenant that is not allowed')));
    });

    it('lets our own tenant in', async () => {
      const turn = await bot.user({ tenantId: OUR_TENANT }).say('hej');
      assert.match(turn.text, /Har du problem att logga in/);
    });
  });

  describe('when an activity comes through another channel of the Azure Bot (Web Chat, Direct Line)', () => {
    it('drops it before any dialog, though it names our tenant and a known account', async () => {
      const findByAadObjectId = sinon.spy(bot.app.directory, 'findByAadObjectId');
      for (const channelId of ['webchat', 'directline', 'emulator']) {
        const forged = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, tenantId: OUR_TENANT });
        const hello = await forged.send({ channelId, type: 'message', text: 'hej' });
        const own = await forged.send({ channelId, type: 'message', text: 'anna.svensson' });
        assert.equal(hello.status, 200);
        assert.equal(hello.replies.length + own.replies.length, 0, channelId);
        const transcript = await bot.app.transcripts.getTranscriptActivities(
          channelId,
          forged.conversationId,
        );
        assert.equal(transcript.items.length, 0, 'nothing of it in a transcript');
      }
      assert.equal(findByAadObjectId.callCount, 0);
      assert.equal((await bot.app.cases.list()).length, 0);
      assert.equal(bot.sms.received.length, 0);
      const dropped = bot.logs.filter((line) => line.includes('channel that is not allowed'));
      assert.equal(dropped.length, 6);
      assert.match(dropped[0]!, /"channelId":"webchat"/);
    });

    it('lets Teams in, and another channel only when ALLOWED_CHANNELS names it', async () => {
      assert.match((await bot.user({ tenantId: OUR_TENANT }).say('hej')).text, /Har du problem att logga in/);
      await bot.stop();
      bot = await startBot({ ALLOWED_TENANT_IDS: OUR_TENANT, ALLOWED_CHANNELS: 'msteams, WebChat' });
      const webChat = bot.user({ tenantId: OUR_TENANT });
      const turn = await webChat.send({ channelId: 'webchat', type: 'message', text: 'hej' });
      assert.match(turn.text, /Har du problem att logga in/);
    });
  });

  for (const conversationType of ['groupChat', 'channel'] as const) {
    describe(`when the bot is asked in a ${conversationType}`, () => {
      it('redirects to a personal chat and touches neither directory nor SMS', async () => {
        const findByUsername = sinon.spy(bot.app.directory, 'findByUsername');
        const user = bot.user({ tenantId: OUR_TENANT, conversationType, aadObjectId: ANNA_AAD_OBJECT_ID });
        const turn = await user.say('anna.svensson');
        assert.match(turn.text, /privat chatt/);
        assert.equal(findByUsername.callCount, 0);
        assert.equal(bot.sms.received.length, 0);
      });
    });
  }

  describe('when Teams delivers the same activity twice', () => {
    let anna: TeamsUser;

    beforeEach(async () => {
      anna = bot.user({ tenantId: OUR_TENANT, aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
    });

    it('sends one SMS for a retried delivery', async () => {
      const activity = anna.activity({ type: 'message', text: 'anna.svensson' });
      await anna.send(activity);
      const retry = await anna.send(activity);
      assert.equal(retry.replies.length, 0);
      assert.equal(bot.sms.received.length, 1);
    });

    it('sends one SMS when both deliveries arrive at the same moment', async () => {
      const activity = anna.activity({ type: 'message', text: 'anna.svensson' });
      await Promise.all([anna.send(activity), anna.send(activity), anna.send(activity)]);
      assert.equal(bot.sms.received.length, 1);
    });

    it('changes the password once when the card is submitted twice at once (double tap)', async () => {
      await anna.submit('account.own');
      await anna.say(bot.sms.latestCode());
      await anna.submit('choice.newPassword');
      const setPassword = sinon.spy(bot.app.directory, 'setPassword');
      const card = anna.latestCard()!;
      const value = {
        ...submitData(card, 'password.submit'),
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      };
      const [first, second] = await Promise.all([
        anna.send({ type: 'message', value, replyToId: card.id! }),
        anna.send({ type: 'message', value, replyToId: card.id! }),
      ]);
      assert.equal(setPassword.callCount, 1);
      const texts = `${first.text}\n${second.text}`;
      assert.match(texts, /lösenord är bytt/);
      assert.doesNotMatch(texts, /haft det lösenordet tidigare/);
    });
  });
});
