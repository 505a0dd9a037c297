import assert from 'node:assert/strict';
import { startBot, type BotHarness } from '../support/botHarness';
import { GraphEmulator, type EmulatedUser } from '../support/graphEmulator';
import { startSambaDc, type SambaDc, type SambaUser } from '../support/samba';
import { emulatorSettings, MOA } from '../graph/fixture';
import { loadConfig } from '../../src/config';
import { createHybridDirectory } from '../../src/hybrid';
import { memoryLogger } from '../support/memoryLog';
import { eventually } from '../support/eventually';
import { visibleText } from '../support/teamsUser';

/** A Graph user synced from the Samba account `user`, with a mobile authentication method. */
function syncedFrom(user: SambaUser, id: string, mobile: string): EmulatedUser {
  return {
    id,
    userPrincipalName: user.upn,
    displayName: user.username,
    accountEnabled: true,
    onPremisesSyncEnabled: true,
    onPremisesSamAccountName: user.username,
    mobilePhone: null,
    phoneMethods: [{ id: '3179e48a-750b-4051-897c-87b9720928f7', phoneNumber: mobile, phoneType: 'mobile' }],
  };
}

/** The bot composed as `npm start` does with `DIRECTORY=hybrid`: the Graph emulator and a real Samba AD DC. */
describe('the reset conversation with DIRECTORY=hybrid', function () {
  this.timeout(120_000);
  const emulator = new GraphEmulator([MOA]);
  let dc: SambaDc;
  let hanna: SambaUser;
  let harald: SambaUser;
  let bot: BotHarness | undefined;

  before(async () => {
    await emulator.start();
    dc = await startSambaDc();
    // The AD mobile differs from Graph's method: the code must go to the Graph one.
    hanna = await dc.createEmployee({ username: 'hanna.hybrid', mobile: '070-000 00 01' });
    harald = await dc.createEmployee({ username: 'harald.hybrid' });
    emulator.addUser(syncedFrom(hanna, '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c01', '+46 701112233'));
    emulator.addUser(syncedFrom(harald, '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c02', '+46 704445566'));
  });

  beforeEach(() => emulator.reset());

  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
  });

  after(async () => {
    await dc?.stop();
    await emulator.stop();
  });

  function hybridSettings(overrides: Record<string, string> = {}): Record<string, string> {
    return emulatorSettings(emulator, {
      DIRECTORY: 'hybrid',
      DEFAULT_UPN_SUFFIX: 'kommun.example',
      ...dc.adSettings(),
      ...overrides,
    });
  }

  describe('when a synced employee keeps the password and unlocks', () => {
    it('texts the Graph mobile method, unlocks in AD: the old password binds again', async () => {
      await dc.lockOut(hanna);
      bot = await startBot(hybridSettings());
      const user = bot.user({ name: 'Hanna Hybrid' });

      await user.say('hej');
      await user.say('hanna.hybrid');
      assert.equal(bot.sms.received.at(-1)?.to, '+46701112233');
      await user.say(bot.sms.latestCode());
      const done = await user.submit('choice.unlock');

      assert.match(done.text, /Ditt konto är nu upplåst\./);
      assert.equal(await dc.tryBind(hanna.dn, hanna.password), 'ok');
      // One lookup (user by sAMAccountName + its phone methods); the write went to AD, not Graph.
      assert.deepEqual(
        emulator.graphRequests().map((request) => `${request.method} ${request.path}`),
        ['GET /users', 'GET /users/4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c01/authentication/phoneMethods'],
      );
    });
  });

  describe('when a synced employee sets a new password', () => {
    it('resets it in AD: the new password binds, the old one does not, Graph is not written', async () => {
      await dc.lockOut(harald);
      bot = await startBot(hybridSettings());
      const user = bot.user({ name: 'Harald Hybrid' });
      await user.say('hej');
      await user.say('harald.hybrid');
      await user.say(bot.sms.latestCode());
      await user.submit('choice.newPassword');
      const done = await user.submit('password.submit', {
        newPassword: 'Semla-Bulle-42',
        repeatPassword: 'Semla-Bulle-42',
      });

      assert.match(done.text, /Ditt konto är nu upplåst och ditt lösenord är bytt\./);
      assert.equal(await dc.tryBind(harald.dn, 'Semla-Bulle-42'), 'ok');
      assert.equal(await dc.tryBind(harald.dn, harald.password), 'wrong-password');
      assert.equal(emulator.graphRequests('PATCH').length, 0, 'a Graph password would not be written back');
      assert.ok(!bot.logs.some((line) => line.includes('Semla-Bulle-42')), 'the password is never logged');
    });
  });

  describe('when a cloud-only employee sets a new password', () => {
    it('PATCHes the password profile in Entra ID', async () => {
      bot = await startBot(hybridSettings());
      const user = bot.user({ aadObjectId: MOA.id, name: 'Moa Molnet' });
      await user.say('hej');
      await user.submit('account.own');
      await user.say(bot.sms.latestCode());
      await user.submit('choice.newPassword');
      const done = await user.submit('password.submit', {
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      });

      assert.match(done.text, /ditt lösenord är bytt/);
      const [patch] = emulator.graphRequests('PATCH');
      assert.equal(patch?.path, `/users/${MOA.id}`);
      assert.equal(emulator.passwordOf(MOA.id), 'Kanelbulle42');
    });
  });

  describe('when a synced employee’s manager is named in AD (manager approval)', () => {
    it('gives the manager as the AD account with their Entra object id; approvers likewise', async () => {
      const CHEF_ID = '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c03';
      const chef = await dc.createEmployee({ username: 'chef.hybrid' });
      const reporter = await dc.createEmployee({ username: 'rapport.hybrid', manager: chef.dn });
      emulator.addUser(syncedFrom(chef, CHEF_ID, '+46 707778899'));
      emulator.addUser(syncedFrom(reporter, '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c04', '+46 707778800'));
      emulator.organisation.addGroup({
        id: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
        displayName: 'IT-ombud',
        members: [CHEF_ID, MOA.id],
      });
      const config = loadConfig({
        CODE_HASH_SECRET: 'x'.repeat(32),
        ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
        ...hybridSettings(),
      });
      const directory = createHybridDirectory(config.graph!, config.ad!, memoryLogger().logger, {
        approverGroup: 'IT-ombud',
      });

      const manager = await directory.findManager((await directory.findByUsername('rapport.hybrid'))!);

      assert.equal(manager?.username, 'chef.hybrid');
      assert.equal(manager?.id, (await directory.findByUsername('chef.hybrid'))?.id);
      assert.match(manager?.id ?? '', /^ad:/);
      assert.equal(manager?.aadObjectId, CHEF_ID, 'reachable in Teams by its Entra object id');
      assert.equal(await directory.findManager((await directory.findByUsername('chef.hybrid'))!), undefined);
      assert.deepEqual(
        (await directory.findApprovers()).map((account) => [account.id.split(':')[0], account.aadObjectId]),
        [
          ['ad', CHEF_ID],
          ['cloud', MOA.id],
        ],
      );
    });
  });

  describe('when a synced employee is locked out by real failed binds (lockout notices)', () => {
    const HANNA_ID = '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c01';
    const INTERVAL_S = 2;

    /** The newest lockout notice in the chat, and what its button submits. */
    function latestNotice(conversationId: string): { text: string; value: unknown; id?: string } {
      const sent = bot!.connector.sent(conversationId);
      const notice = [...sent].reverse().find((activity) => /låstes \d\d:\d\d/.test(visibleText(activity)));
      assert.ok(notice, 'a lockout notice was sent');
      const card = notice.attachments?.[0]?.content as { actions?: { data?: unknown }[] } | undefined;
      return {
        text: visibleText(notice),
        value: card?.actions?.[0]?.data,
        ...(notice.id ? { id: notice.id } : {}),
      };
    }

    it('tells her in Teams within two intervals; the button unlocks after the SMS code (a bind proves it), the owner gets the change SMS, and a relock says why', async () => {
      bot = await startBot(
        hybridSettings({ LOCKOUT_WATCH_SECONDS: String(INTERVAL_S), NOTIFY_OWNER_SMS: 'true' }),
      );
      const hannaInTeams = bot.user({ aadObjectId: HANNA_ID, name: 'Hanna Hybrid' });
      await hannaInTeams.say('hej');
      await hannaInTeams.say('avbryt');
      const shown = () => bot!.connector.sent(hannaInTeams.conversationId).length;
      const before = shown();

      await dc.lockOut(hanna);
      const lockedAt = Date.now();
      await eventually(() => shown() > before, 'the lockout notice', 2 * INTERVAL_S * 1000 + 2000);
      const tookMs = Date.now() - lockedAt;
      const notice = latestNotice(hannaInTeams.conversationId);
      assert.match(notice.text, /Ditt konto \(hanna\.hybrid\) låstes \d\d:\d\d\. Vill du låsa upp det nu\?/);
      assert.doesNotMatch(notice.text, /Kontot låstes igen/);
      assert.ok(tookMs <= 2 * INTERVAL_S * 1000 + 1000, `notice after ${tookMs} ms`);

      const code = await hannaInTeams.submitRaw(notice.value, notice.id);
      assert.match(code.text, /slutar på ••33/);
      await hannaInTeams.say(bot.sms.latestCode());
      const done = await hannaInTeams.submit('choice.unlock');
      assert.match(done.text, /Ditt konto är nu upplåst\./);
      assert.equal(await dc.tryBind(hanna.dn, hanna.password), 'ok');
      await eventually(
        () => bot!.sms.received.some((sms) => /låstes upp/.test(sms.message)),
        'the change SMS',
      );
      const changeSms = bot.sms.received.find((sms) => /låstes upp/.test(sms.message))!;
      assert.equal(changeSms.to, '+46701112233');
      assert.doesNotMatch(changeSms.message, /\d{5,}/);

      // Locked again a minute later (the phone's mail app with the old password): the notice says why.
      const count = shown();
      await dc.lockOut(hanna);
      await eventually(() => shown() > count, 'the relock notice', 2 * INTERVAL_S * 1000 + 2000);
      assert.match(
        latestNotice(hannaInTeams.conversationId).text,
        /Kontot låstes igen strax efter att det låstes upp/,
      );

      // One notice per lockout, however many rounds see it.
      await new Promise((resolve) => setTimeout(resolve, 2 * INTERVAL_S * 1000));
      assert.equal(shown(), count + 1);
    });
  });

  describe('when synced passwords near their expiry (maxPwdAge shortened)', () => {
    /** Reminders in the chat so far. */
    const reminders = (conversationId: string) =>
      bot!.connector
        .sent(conversationId)
        .map(visibleText)
        .filter((text) => /Ditt lösenord går ut om/.test(text));

    after(() => dc.setMaxPasswordAge(42));

    it('sends one reminder per threshold, the first saying how to stop them; none to someone who said stopp', async () => {
      const erik = await dc.createEmployee({ username: 'erik.expiry', passwordExpires: true });
      const frida = await dc.createEmployee({ username: 'frida.expiry', passwordExpires: true });
      const ERIK_ID = '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c11';
      const FRIDA_ID = '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c12';
      emulator.addUser(syncedFrom(erik, ERIK_ID, '+46 701112244'));
      emulator.addUser(syncedFrom(frida, FRIDA_ID, '+46 701112255'));
      await dc.setMaxPasswordAge(5);
      bot = await startBot(
        hybridSettings({
          REMINDER_CHECK_SECONDS: '1',
          NOTICE_HOURS: '00-24',
          PASSWORD_EXPIRY_REMINDER_DAYS: '7,2',
        }),
      );
      const erikInTeams = bot.user({ aadObjectId: ERIK_ID, name: 'Erik Expiry' });
      const fridaInTeams = bot.user({ aadObjectId: FRIDA_ID, name: 'Frida Expiry' });
      await erikInTeams.say('avbryt');
      assert.match((await fridaInTeams.say('stopp')).text, /inga fler påminnelser/);

      await eventually(() => reminders(erikInTeams.conversationId).length > 0, 'the 7-day reminder', 5000);
      const [first] = reminders(erikInTeams.conversationId);
      assert.match(first!, /Ditt lösenord går ut om 5 dagar, den \d{1,2} [a-z]+\. Vill du byta det nu\?/);
      assert.match(first!, /Skriv stopp/);
      assert.match(first!, /Byt lösenord/);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(reminders(erikInTeams.conversationId).length, 1, 'once per threshold');

      // Samba 4.17 answers "never expires" for a maxPwdAge of exactly one day: two days and a 2-day threshold.
      await dc.setMaxPasswordAge(2);
      await eventually(() => reminders(erikInTeams.conversationId).length > 1, 'the 2-day reminder', 5000);
      const second = reminders(erikInTeams.conversationId)[1]!;
      assert.match(second, /Ditt lösenord går ut om 2 dagar,/);
      assert.doesNotMatch(second, /Skriv stopp/);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(reminders(erikInTeams.conversationId).length, 2);
      assert.deepEqual(reminders(fridaInTeams.conversationId), [], 'frida said stopp');

      // The button: the SMS code, then straight to the new password (no choice step); AD takes it.
      const reminder = bot.connector
        .sent(erikInTeams.conversationId)
        .filter((activity) => /Ditt lösenord går ut om/.test(visibleText(activity)))
        .at(-1)!;
      const card = reminder.attachments?.[0]?.content as { actions?: { data?: unknown }[] };
      const code = await erikInTeams.submitRaw(card.actions?.[0]?.data, reminder.id);
      assert.match(code.text, /slutar på ••44/);
      const password = await erikInTeams.say(bot.sms.latestCode());
      assert.doesNotMatch(password.text, /Behåll ditt nuvarande lösenord/);
      const done = await erikInTeams.submit('password.submit', {
        newPassword: 'Vinter-Sol-2026',
        repeatPassword: 'Vinter-Sol-2026',
      });
      assert.match(done.text, /ditt lösenord är bytt/);
      assert.equal(await dc.tryBind(erik.dn, 'Vinter-Sol-2026'), 'ok');
    });
  });

  describe('when Microsoft Graph cannot be reached', () => {
    // Someone else's account (the Teams user is not Hanna): the answer is the uniform one whatever the
    // directory did, since some failures happen only for existing accounts (security finding 2).
    it('gives the uniform answer and sends no code', async () => {
      bot = await startBot(hybridSettings({ GRAPH_BASE_URL: 'https://127.0.0.1:1/v1.0' }));
      const user = bot.user();
      await user.say('hej');
      const turn = await user.say('hanna.hybrid');

      assert.match(
        turn.text,
        /Om kontot finns och har ett registrerat mobilnummer har en sexsiffrig återställningskod skickats dit/,
      );
      assert.equal(bot.sms.received.length, 0);
    });
  });

  describe('when no domain controller answers', () => {
    // Graph finds Hugo, AD then fails: a failure only an existing synced account meets, so the requester
    // (not Hugo) gets the uniform answer; the service desk sees the directory error (finding 2).
    it('gives the uniform answer, sends no code and changes nothing', async () => {
      const locked = await dc.createEmployee({ username: 'hugo.hybrid' });
      emulator.addUser(syncedFrom(locked, '4a3b2c1d-0e9f-4a8b-8c7d-6e5f4a3b2c03', '+46 707778899'));
      await dc.lockOut(locked);
      bot = await startBot(hybridSettings({ AD_URLS: 'ldaps://127.0.0.1:1', AD_TIMEOUT_MS: '1000' }));
      const user = bot.user();
      await user.say('hej');
      const turn = await user.say('hugo.hybrid');

      assert.match(
        turn.text,
        /Om kontot finns och har ett registrerat mobilnummer har en sexsiffrig återställningskod skickats dit/,
      );
      assert.equal(bot.sms.received.length, 0);
      assert.equal(emulator.graphRequests('PATCH').length, 0);
      assert.equal(await dc.tryBind(locked.dn, locked.password), 'locked', 'still locked');
      assert.ok(bot.app.audit.list().some((event) => event.type === 'directory-error'));
    });
  });
});
