import assert from 'node:assert/strict';
import { startBot, type BotHarness } from '../support/botHarness';
import { startSambaDc, type SambaDc } from '../support/samba';

/** The bot composed as `npm start` does with `DIRECTORY=ad`, against a real Samba AD DC. */
describe('the reset conversation with DIRECTORY=ad', function () {
  this.timeout(90_000);
  let dc: SambaDc;
  let bot: BotHarness | undefined;

  before(async () => {
    dc = await startSambaDc();
  });

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  after(async () => {
    await dc?.stop();
  });

  function adSettings(overrides: Record<string, string> = {}): Record<string, string> {
    return { DIRECTORY: 'ad', ...dc.adSettings(), ...overrides };
  }

  describe('when a locked-out employee keeps the password and unlocks', () => {
    it('unlocks the AD account: the old password signs in again', async () => {
      const user = await dc.createEmployee({ username: 'olle.olsson', mobile: '070-765 43 21' });
      await dc.lockOut(user);
      bot = await startBot(adSettings());
      const olle = bot.user({ name: 'Olle Olsson' });

      await olle.say('hej');
      const code = await olle.say('olle.olsson');
      assert.match(code.text, /Om kontot finns och har ett registrerat mobilnummer/);
      assert.equal(bot.sms.received.at(-1)?.to, '+46707654321');

      await olle.say(bot.sms.latestCode());
      const done = await olle.submit('choice.unlock');

      assert.match(done.text, /Ditt konto är nu upplåst\./);
      assert.equal(await dc.tryBind(user.dn, user.password), 'ok');
    });
  });

  describe('when an employee sets a new password', () => {
    it('names the broken domain rule, then resets: the new password binds, the old one does not', async () => {
      const user = await dc.createEmployee({ username: 'petra.palm', mobile: '+46 (0)70 111 22 33' });
      await dc.lockOut(user);
      bot = await startBot(adSettings());
      const petra = bot.user({ name: 'Petra Palm' });
      await petra.say('hej');
      await petra.say('petra.palm');
      await petra.say(bot.sms.latestCode());
      await petra.submit('choice.newPassword');

      // Upper case and digits only: our checks pass it, AD's complexity rule (3 of 4 kinds) does not.
      const rejected = await petra.submit('password.submit', {
        newPassword: 'KANELBULLE42',
        repeatPassword: 'KANELBULLE42',
      });
      assert.match(rejected.text, /uppfyller inte kommunens lösenordsregler/);
      assert.equal(await dc.tryBind(user.dn, 'KANELBULLE42'), 'locked', 'nothing changed: still locked');

      const done = await petra.submit('password.submit', {
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      });
      assert.match(done.text, /Ditt konto är nu upplåst och ditt lösenord är bytt\./);
      assert.equal(bot.sms.received.length, 1, 'one SMS for the whole case');
      assert.equal(await dc.tryBind(user.dn, 'Kanelbulle42'), 'ok');
      assert.equal(await dc.tryBind(user.dn, user.password), 'wrong-password');
    });
  });

  describe('when no domain controller answers', () => {
    // AD alone cannot tell the requester's own account, so the name is someone else's: a failure seen
    // only when looking it up must not answer differently from an unknown name (security finding 2).
    it('gives the uniform answer, sends no code and records a directory-error audit event', async () => {
      bot = await startBot(adSettings({ AD_URLS: 'ldaps://127.0.0.1:1', AD_TIMEOUT_MS: '1000' }));
      const anna = bot.user();
      await anna.say('hej');
      const turn = await anna.say('anna.svensson');

      assert.match(
        turn.text,
        /Om kontot finns och har ett registrerat mobilnummer har en sexsiffrig återställningskod skickats dit/,
      );
      assert.equal(bot.sms.received.length, 0);
      const events = bot.app.audit.list();
      assert.ok(events.some((event) => event.type === 'directory-error'));
    });
  });
});
