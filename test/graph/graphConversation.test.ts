import assert from 'node:assert/strict';
import { startBot, type BotHarness } from '../support/botHarness';
import { GraphEmulator } from '../support/graphEmulator';
import { ANNA, emulatorSettings, MOA } from './fixture';

describe('the bot with DIRECTORY=graph', () => {
  const emulator = new GraphEmulator([ANNA, MOA]);
  let bot: BotHarness;

  before(async () => {
    await emulator.start();
    bot = await startBot(emulatorSettings(emulator, { DEFAULT_UPN_SUFFIX: 'kommun.example' }));
  });
  after(async () => {
    await bot?.stop();
    await emulator.stop();
  });

  describe('when a cloud-only employee sets a new password in Teams', () => {
    it('finds her by Teams identity, texts her mobile method and PATCHes the password in Entra ID', async () => {
      const moa = bot.user({ aadObjectId: MOA.id, name: 'Moa Molnet', deliveryMode: 'expectReplies' });

      const welcome = await moa.say('hej');
      assert.match(welcome.text, /Det gäller mitt konto \(moa\.molnet@kommun\.example\)/);

      const code = await moa.submit('account.own');
      assert.match(code.text, /slutar på ••67/);
      assert.equal(bot.sms.received.at(-1)?.to, '+46701234567');

      await moa.say(bot.sms.latestCode());
      await moa.submit('choice.newPassword');
      const done = await moa.submit('password.submit', {
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      });
      assert.match(done.text, /ditt lösenord är bytt/);

      const [patch] = emulator.graphRequests('PATCH');
      assert.deepEqual(patch?.body, {
        passwordProfile: { password: 'Kanelbulle42', forceChangePasswordNextSignIn: false },
      });
      assert.equal(emulator.passwordOf(MOA.id), 'Kanelbulle42');
      const [record] = await bot.app.cases.list();
      assert.equal(record?.outcome, 'password-set');
      assert.ok(!bot.logs.some((line) => line.includes('Kanelbulle42')), 'the password is never logged');
    });
  });
});
