import assert from 'node:assert/strict';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { eventually } from '../support/eventually';
import { GraphEmulator } from '../support/graphEmulator';
import { visibleText } from '../support/teamsUser';
import { ANNA, emulatorSettings } from '../graph/fixture';

const BERTIL_AAD_OBJECT_ID = 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11';
const CATALOG_ID = '1542629c-01b3-4a6d-8f76-1938b779e48d';
const LOCKOUT = {
  kind: 'lockout',
  username: 'anna.svensson',
  lockedAt: new Date('2026-12-07T07:12:00Z'),
  noticeId: 'notice-1',
} as const;

describe('notices in Teams', () => {
  describe('when someone else unlocks an account whose owner has talked to the bot', () => {
    let bot: BotHarness;
    before(async () => {
      bot = await startBot();
    });
    after(async () => {
      await bot.stop();
    });

    it('tells the owner in their own chat, in the language of their last message', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna', locale: 'en-US' });
      await anna.say('hello');
      await anna.say('cancel');
      const bertil = bot.user({ aadObjectId: BERTIL_AAD_OBJECT_ID, userId: '29:bertil' });

      await bertil.say('hej');
      await bertil.say('anna.svensson');
      await bertil.say(bot.sms.latestCode());
      const done = await bertil.submit('choice.unlock');
      assert.match(done.text, /Ditt konto är nu upplåst/);

      await eventually(() => bot.connector.sent(anna.conversationId).length > 2, "Anna's notice");
      const notice = visibleText(bot.connector.sent(anna.conversationId).at(-1)!);
      assert.match(notice, /Your account \(anna\.svensson\) was unlocked at \d\d:\d\d by someone else/);
      assert.match(notice, /call the service desk on 0142-36 6000/);
      assert.doesNotMatch(notice, /\d{6}/);
    });
  });

  describe("when someone types 'stopp' or 'start' with no case open", () => {
    let bot: BotHarness;
    before(async () => {
      bot = await startBot();
    });
    after(async () => {
      await bot.stop();
    });

    it('turns their reminders off and on, saying that security notices still come', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna' });
      const preferences = bot.app.notices.reminderPreferences;

      const stopped = await anna.say('Stopp');
      assert.match(stopped.text, /du får inga fler påminnelser/);
      assert.match(stopped.text, /Meddelanden om att ditt konto låsts eller ändrats kommer ändå/);
      assert.equal(await preferences.wantsReminders(ANNA_AAD_OBJECT_ID), false);

      const started = await anna.say('start');
      assert.match(started.text, /Påminnelserna är på igen/);
      assert.equal(await preferences.wantsReminders(ANNA_AAD_OBJECT_ID), true);
    });

    it("still cancels an open case with 'stopp', leaving reminders as they were", async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna-2' });
      await anna.say('hej');
      const cancelled = await anna.say('stopp');

      assert.doesNotMatch(cancelled.text, /påminnelser/);
      assert.equal(await bot.app.notices.reminderPreferences.wantsReminders(ANNA_AAD_OBJECT_ID), true);
    });
  });

  describe('when the bot has never talked to the person and Graph may install it for them', () => {
    const emulator = new GraphEmulator([ANNA]);
    let bot: BotHarness;
    before(async () => {
      await emulator.start();
      emulator.catalogApps.add(CATALOG_ID);
      bot = await startBot(emulatorSettings(emulator, { TEAMS_APP_CATALOG_ID: CATALOG_ID }), {
        installWaitMs: 2000,
      });
    });
    after(async () => {
      await bot.stop();
      await emulator.stop();
    });
    afterEach(() => {
      emulator.reset();
      emulator.onInstall = undefined;
    });

    it('installs itself for them, learns the chat from the conversationUpdate and sends the notice there', async () => {
      const anna = bot.user({ aadObjectId: ANNA.id, userId: '29:anna-new' });
      emulator.onInstall = (userId) =>
        anna
          .send({ type: 'conversationUpdate', membersAdded: [{ id: '28:reset-assistant', name: '' }] })
          .then(() => assert.equal(userId, ANNA.id));

      const result = await bot.app.notices.chats.send(ANNA.id, LOCKOUT);

      assert.equal(result, 'sent');
      const [install] = emulator.graphRequests('POST');
      assert.equal(install?.path, `/users/${ANNA.id}/teamwork/installedApps`);
      assert.deepEqual(install?.body, {
        'teamsApp@odata.bind': `${emulator.baseUrl}/appCatalogs/teamsApps/${CATALOG_ID}`,
      });
      const sent = bot.connector.sent(anna.conversationId).map(visibleText).join('\n');
      assert.match(sent, /Ditt konto \(anna\.svensson\) låstes 08:12\. Vill du låsa upp det nu\?/);
      assert.match(sent, /Lås upp mitt konto/);
    });

    it('does not install again once the chat is known', async () => {
      const result = await bot.app.notices.chats.send(ANNA.id, LOCKOUT);

      assert.equal(result, 'sent');
      assert.deepEqual(emulator.graphRequests('POST'), []);
    });

    it('gives up, and says which permission is missing, when Graph refuses the install', async () => {
      emulator.deny('TeamsAppInstallation.ReadWriteSelfForUser.All');
      const stranger = '0b7e6c43-0d7e-4d62-9a0f-5f1bb3f2c001';
      emulator.addUser({ id: stranger, userPrincipalName: 'ny@kommun.example' });

      assert.equal(await bot.app.notices.chats.send(stranger, LOCKOUT), 'unreachable');
      assert.ok(
        bot.logs.some((line) => line.includes('grant TeamsAppInstallation.ReadWriteSelfForUser.All')),
      );
    });

    it('gives up when the app is not in the catalog, or already installed and no chat is announced', async () => {
      const other = '0b7e6c43-0d7e-4d62-9a0f-5f1bb3f2c002';
      emulator.addUser({ id: other, userPrincipalName: 'annan@kommun.example' });
      emulator.catalogApps.delete(CATALOG_ID);
      assert.equal(await bot.app.notices.chats.send(other, LOCKOUT), 'unreachable');
      assert.equal(emulator.graphRequests('POST').at(-1)?.status, 404);

      emulator.catalogApps.add(CATALOG_ID);
      emulator.installed.set(other, new Set([CATALOG_ID]));
      assert.equal(await bot.app.notices.chats.send(other, LOCKOUT), 'unreachable');
      assert.equal(emulator.graphRequests('POST').at(-1)?.status, 409);
    });
  });
});
