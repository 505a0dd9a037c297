import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { eventually } from '../support/eventually';
import { visibleText } from '../support/teamsUser';

describe('the demo lockout command', () => {
  let bot: BotHarness;
  let phone: string[];

  before(async () => {
    phone = [];
    const consoleSmsOut = new PassThrough();
    consoleSmsOut.on('data', (chunk: Buffer) => phone.push(chunk.toString('utf8')));
    // The all-defaults demo: demo directory, console SMS, no bot credentials.
    bot = await startBot({ SMS_PROVIDER: 'console', LOCKOUT_WATCH_SECONDS: '1' }, { consoleSmsOut });
    assert.equal(bot.app.config.demo, true);
  });

  after(async () => {
    await bot.stop();
  });

  describe('when a newcomer locks a demo account after its owner has chatted with the bot', () => {
    it('the demo directory’s own watcher tells the owner, and the button starts a case for her account', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna' });
      await anna.say('hej');
      await anna.say('avbryt');
      const before = bot.connector.sent(anna.conversationId).length;

      const response = await fetch(new URL('/demo/lockout/bertil.berg', bot.botUrl), { method: 'POST' });
      assert.equal(response.status, 200);
      const locked = await fetch(new URL('/demo/lockout/anna.svensson', bot.botUrl), { method: 'POST' });
      assert.equal(locked.status, 200);
      await eventually(() => bot.connector.sent(anna.conversationId).length > before, 'the notice', 5000);

      const notice = bot.connector.sent(anna.conversationId).at(-1)!;
      assert.match(
        visibleText(notice),
        /Ditt konto \(anna\.svensson\) låstes \d\d:\d\d\. Vill du låsa upp det nu\?/,
      );
      const card = notice.attachments?.[0]?.content as { actions?: { data?: unknown }[] };
      const turn = await anna.submitRaw(card.actions?.[0]?.data, notice.id);
      assert.match(turn.text, /slutar på ••05/);
      assert.equal((await bot.app.directory.findByUsername('anna.svensson'))?.locked, true);
    });

    it('answers 404 for a name that is not an on-premises demo account', async () => {
      const response = await fetch(new URL('/demo/lockout/ingen.alls', bot.botUrl), { method: 'POST' });
      assert.equal(response.status, 404);
    });
  });
});
