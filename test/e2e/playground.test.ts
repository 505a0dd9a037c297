import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import { wordsFor } from '../../src/language';
import { startBot, type BotHarness } from '../support/botHarness';
import { PlaygroundBrowser, PlaygroundServer, type PlaygroundChat } from '../support/playground';
import { assertCardUsable, assertPasswordsMasked, nextCode, otherCode, shot } from './support';

const sv = wordsFor('sv').chat;

/**
 * The real bot in demo mode (demo directory, SMS to a local gateway so the test reads the codes,
 * no MicrosoftAppId: the Playground sends no Authorization) driven through Microsoft 365 Agents
 * Playground in headless Chromium, as an employee would. One Playground and one browser page serve
 * every scenario (each starts with "hej" after the previous one ended); the machine is small.
 */
describe('Reset Assistant in Agents Playground (E2E)', function () {
  this.timeout(120_000);

  let bot: BotHarness;
  let server: PlaygroundServer;
  let browser: PlaygroundBrowser;
  let chat: PlaygroundChat;

  before(async function () {
    this.timeout(240_000);
    bot = await startBot(
      { LOG_LEVEL: 'warn', CODE_RESEND_COOLDOWN_SECONDS: '0', SMS_PER_ACCOUNT_PER_HOUR: '100' },
      {
        storage: new MemoryStorage(),
        // The whole suite is one Playground conversation, driven faster than a person types: Teams' 60
        // sends per 30 s per conversation would make its later turns wait past their budget and give up.
        // The Playground is not Teams; the pacing itself is tested in test/bot/connectorSender.test.ts.
        connectorSender: { limits: { perConversation: [], perTenant: [] } },
      },
    );
    server = await PlaygroundServer.start({ botEndpoint: `${bot.botUrl}/api/messages` });
    browser = await PlaygroundBrowser.launch();
    chat = await browser.openChat(server, { viewport: 'desktop', waitForWelcome: 'hej', timeoutMs: 30_000 });
  });

  after(async function () {
    this.timeout(60_000);
    await chat?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await bot?.stop();
  });

  afterEach(async function () {
    // A failed scenario must not leave its conversation open for the next one.
    if (this.currentTest?.state === 'failed' && chat) {
      await chat.sendText('avbryt').catch(() => undefined);
      await chat.waitForRendered().catch(() => undefined);
    }
    if (chat) assert.deepEqual(chat.pageErrors, []);
  });

  /** Says "hej" and waits for the welcome card offering Anna's own account. */
  async function start(own = 'Det gäller mitt konto (anna.svensson)'): Promise<void> {
    await chat.sendText('hej');
    await chat.waitForBotText(own);
    await assertCardUsable(chat);
  }

  /** Taps the own-account tile and returns the code sent by SMS. */
  async function ownAccount(
    own = 'Det gäller mitt konto (anna.svensson)',
    sent = 'slutar på ••05',
  ): Promise<string> {
    const before = bot.sms.received.length;
    await chat.clickCardButton(own);
    await chat.waitForBotText(sent);
    await assertCardUsable(chat);
    return nextCode(bot, before);
  }

  async function enterCodeInCard(code: string): Promise<void> {
    await chat.fillCardInput('code', code);
    await chat.submitCard('Nästa');
  }

  async function toChoice(code: string): Promise<void> {
    await enterCodeInCard(code);
    await chat.waitForBotText('Vad vill du göra?');
    await assertCardUsable(chat);
  }

  async function submitPassword(password: string, repeat = password): Promise<void> {
    await chat.fillCardInput('newPassword', password);
    await chat.fillCardInput('repeatPassword', repeat);
    const submitted = await chat.submitCard('Nästa');
    assert.equal(typeof submitted.text, 'undefined', 'a card submit carries no text');
  }

  async function finish(): Promise<void> {
    await chat.submitCard('Slutför');
    await chat.waitForBotText('Lycka till!');
    await assertCardUsable(chat);
  }

  describe('when Anna chats on a desktop (sv-SE)', () => {
    it('unlocks her own account and keeps the password', async () => {
      await start();
      await shot(chat, '01-welcome');
      const code = await ownAccount();
      await shot(chat, '02-code');
      assert.match(await chat.readLatestCard(), /skriva koden här i chatten och trycka Enter/);
      await toChoice(code);
      assert.match(await chat.readLatestCard(), /Användarnamn: anna\.svensson.*Koden stämde/);
      await shot(chat, '03-choice');
      await chat.clickCardButton('Behåll ditt nuvarande lösenord och lås upp ditt konto');
      await chat.waitForBotText('Ditt konto är nu upplåst.');
      await assertCardUsable(chat);
      await shot(chat, '04-done-unlocked');
      await finish();
      await shot(chat, '05-finished');
      // One card for the whole case, ending with the outcome and the tips against a relock.
      const finished = await chat.readLatestCard();
      assert.match(finished, /Ditt konto är nu upplåst\..*Lycka till!.*mejlappen/);
      const account = await bot.app.directory.findByUsername('anna.svensson');
      assert.equal(account?.locked, false);
    });

    it('cancels midway with "avbryt" and changes nothing', async () => {
      await start();
      await ownAccount();
      await chat.sendText('avbryt');
      await chat.waitForBotText('Okej, jag har avbrutit. Inget har ändrats.');
      await chat.waitForBotText('Avbrutet. Inget har ändrats.', { anywhere: true });
      await shot(chat, '06-cancelled');
      // The cancelled card is no longer live: it offers to start again.
      await chat.clickCardButton('Börja om');
      await chat.waitForBotText('Har du problem att logga in?');
      await chat.sendText('avbryt');
      await chat.waitForBotText('Okej, jag har avbrutit.');
    });

    it('takes a typed username, rejects a wrong code and accepts the right one typed in the chat', async () => {
      await start();
      const before = bot.sms.received.length;
      await chat.fillCardInput('username', 'anna.svensson');
      await chat.submitCard('Nästa');
      await chat.waitForBotText('Ange koden från SMS:et');
      const code = await nextCode(bot, before);
      await enterCodeInCard(otherCode(code));
      await chat.waitForBotText('Koden stämmer inte. Du har 2 försök kvar.');
      await assertCardUsable(chat);
      await shot(chat, '07-wrong-code');
      await chat.sendText(code);
      await chat.waitForBotText('Vad vill du göra?');
      await chat.sendText('avbryt');
      await chat.waitForBotText('Okej, jag har avbrutit.');
    });

    it('sends a new code on request, after which only the new one works', async () => {
      await start();
      const first = await ownAccount();
      const before = bot.sms.received.length;
      await chat.submitCard('Skicka en ny kod');
      await chat.waitForBotText('En ny kod är skickad.');
      const second = await nextCode(bot, before);
      await assertCardUsable(chat);
      await shot(chat, '08-new-code');
      if (first !== second) {
        await enterCodeInCard(first);
        await chat.waitForBotText('Koden stämmer inte.');
      }
      await toChoice(second);
      await chat.sendText('avbryt');
      await chat.waitForBotText('Okej, jag har avbrutit.');
    });

    it('sets a new password in masked fields', async () => {
      await start();
      await toChoice(await ownAccount());
      await chat.clickCardButton('Ange ett nytt lösenord och lås upp ditt konto');
      await chat.waitForBotText('Ange ett nytt lösenord');
      await assertCardUsable(chat);
      await assertPasswordsMasked(chat);
      await shot(chat, '09-password');
      await submitPassword('Solsken2026');
      await chat.waitForBotText('ditt lösenord är bytt');
      await chat.waitForBotText('Nytt lösenord sparat (visas inte)', { anywhere: true });
      await assertCardUsable(chat);
      await shot(chat, '12-done-password');
      await finish();
    });

    it('names each broken password rule, then accepts a good password', async () => {
      await start();
      await toChoice(await ownAccount());
      await chat.clickCardButton('Ange ett nytt lösenord och lås upp ditt konto');
      await chat.waitForBotText('Ange ett nytt lösenord');
      // No check in the card itself: the server names the rule that failed, every time.
      // One rule each: length, capital letter, digit, å/ä/ö, other non-ASCII.
      for (const [index, [password, rule]] of (
        [
          ['Kort1', sv.violation('too-short')],
          ['langtlosen1', sv.violation('no-uppercase')],
          ['Langtlosen', sv.violation('no-digit')],
          ['Höstlöv2026', sv.violation('swedish-letters')],
          ['Kaffé2026x', sv.violation('non-ascii')],
        ] as const
      ).entries()) {
        await submitPassword(password);
        await chat.waitForBotText(rule);
        await assertPasswordsMasked(chat);
        if (index === 0) await shot(chat, '10-password-rules');
      }
      // What only the server knows: the username, the two fields, the directory's history.
      const serverChecks: Array<[string, string, string]> = [
        ['Anna.svensson9', 'Anna.svensson9', 'Det innehåller ditt användarnamn eller namn.'],
        ['Regnbage2027', 'Regnbage2028', 'Lösenorden i de två fälten är inte likadana.'],
        ['Vinter2023', 'Vinter2023', 'Du har haft det lösenordet tidigare.'],
      ];
      for (const [index, [password, repeat, reason]] of serverChecks.entries()) {
        await submitPassword(password, repeat);
        await chat.waitForBotText(reason);
        assert.match(await chat.readLatestCard(), /Lösenordet godtogs inte:/);
        await assertCardUsable(chat);
        await assertPasswordsMasked(chat);
        if (index === 0) await shot(chat, '11-password-rejected');
      }
      await submitPassword('Regnbage2027');
      await chat.waitForBotText('ditt lösenord är bytt');
      await finish();
    });

    it('gives the uniform answer for an unknown username and sends no SMS', async () => {
      await start();
      const before = bot.sms.received.length;
      await chat.fillCardInput('username', 'okand.person');
      await chat.submitCard('Nästa');
      await chat.waitForBotText('Om kontot finns och har ett registrerat mobilnummer');
      await assertCardUsable(chat);
      await shot(chat, '13-unknown-user');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(bot.sms.received.length, before);
      await chat.sendText('avbryt');
      await chat.waitForBotText('Okej, jag har avbrutit.');
    });
  });

  describe('when the Teams client is in English (en-US)', () => {
    before(() => {
      server.locale = 'en-US';
    });
    after(() => {
      server.locale = 'sv-SE';
    });

    it('runs the whole conversation in English', async () => {
      const before = bot.sms.received.length;
      await chat.sendText('hello');
      await chat.waitForBotText('It is my account (anna.svensson)');
      await assertCardUsable(chat);
      await shot(chat, '14-en-welcome');
      await chat.clickCardButton('It is my account (anna.svensson)');
      await chat.waitForBotText('ending in ••05');
      const code = await nextCode(bot, before);
      await chat.fillCardInput('code', code);
      await chat.submitCard('Next');
      await chat.waitForBotText('What would you like to do?');
      await chat.clickCardButton('Keep your current password and unlock your account');
      await chat.waitForBotText('Your account');
      await assertCardUsable(chat);
      await shot(chat, '15-en-done');
      await chat.submitCard('Finish');
      await chat.waitForBotText('Good luck');
      assert.ok(bot.sms.received.at(-1)?.message.match(/code/i), 'the SMS is in English too');
    });
  });

  describe('when Anna chats on a phone (390×844)', () => {
    before(async function () {
      this.timeout(180_000);
      // A fresh page: the phone layout re-renders slowly under a long history, and the pictures are cleaner.
      await chat.close();
      chat = await browser.openChat(server, { viewport: 'phone', waitForWelcome: 'hej', timeoutMs: 30_000 });
    });

    it('sets a new password, every card fitting the screen', async () => {
      await start();
      await shot(chat, '21-welcome');
      const code = await ownAccount();
      await shot(chat, '22-code');
      await toChoice(code);
      await shot(chat, '23-choice');
      await chat.clickCardButton('Ange ett nytt lösenord och lås upp ditt konto');
      await chat.waitForBotText('Ange ett nytt lösenord');
      await assertCardUsable(chat);
      await assertPasswordsMasked(chat);
      await chat.fillCardInput('newPassword', 'Mobil2026');
      await chat.fillCardInput('repeatPassword', 'Mobil2026');
      await shot(chat, '24-password');
      await submitPassword('Mobil2026', 'Mobil2027');
      await chat.waitForBotText('Lösenorden i de två fälten är inte likadana.');
      await assertCardUsable(chat);
      await shot(chat, '25-password-rejected');
      await submitPassword('Mobil2026');
      await chat.waitForBotText('ditt lösenord är bytt');
      await assertCardUsable(chat);
      await shot(chat, '26-done');
      await finish();
      await shot(chat, '27-finished');
    });
  });

  describe('when Cecilia, who has no mobile number, chats', () => {
    let cecilia: PlaygroundServer;
    let cecChat: PlaygroundChat;

    before(async function () {
      this.timeout(180_000);
      // One Playground at a time on this small machine: Anna's is done.
      await chat.close();
      await server.stop();
      cecilia = await PlaygroundServer.start({
        botEndpoint: `${bot.botUrl}/api/messages`,
        user: {
          id: '29:1playground-user-cecilia',
          name: 'Cecilia Ceder',
          aadObjectId: 'd856c0d2-b531-4919-97d3-da4a991d6664',
          userPrincipalName: 'cecilia.ceder@kommun.example',
          givenName: 'Cecilia',
          surname: 'Ceder',
          email: 'cecilia.ceder@kommun.example',
        },
      });
      cecChat = await browser.openChat(cecilia, {
        viewport: 'phone',
        waitForWelcome: 'hej',
        timeoutMs: 30_000,
      });
      chat = cecChat;
    });

    after(async () => {
      await cecChat?.close().catch(() => undefined);
      await cecilia?.stop();
    });

    it('tells her plainly that no code can be sent and whom to call', async () => {
      const before = bot.sms.received.length;
      await start('Det gäller mitt konto (cecilia.ceder)');
      await chat.clickCardButton('Det gäller mitt konto (cecilia.ceder)');
      await chat.waitForBotText('Det finns inget mobilnummer registrerat på ditt konto');
      await chat.waitForBotText('0142-36 6000', { anywhere: true });
      await assertCardUsable(chat);
      await shot(chat, '28-no-phone');
      assert.equal(bot.sms.received.length, before);
    });
  });

  describe('when the service desk opens the view on the cases just played in the Playground', () => {
    it('lists every case and shows a Playground conversation as chat, without a single code', async () => {
      const context = await browser.browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(bot.app.helpdeskSignInLink()!);
        await page.waitForURL('**/helpdesk/cases');
        assert.match(page.url(), /\/helpdesk\/cases$/);
        const rows = page.locator('table.cases tbody tr');
        const played = (await bot.app.cases.list({ limit: 1000 })).length;
        assert.ok(played >= 5, `the scenarios above opened ${played} cases`);
        assert.equal(await rows.count(), Math.min(played, 100));

        await page.goto(`${page.url()}?outcome=password-set`);
        await page.locator('table.cases tbody tr a').first().click();
        await page.locator('.bubble.from-user').first().waitFor();
        const text = await page.locator('main').innerText();
        assert.match(text, /Nytt lösenord och lås upp/);
        assert.match(text, /Kod skickad med SMS/);
        assert.match(text, /\[dolt\]/);
        assert.ok((await page.locator('.bubble.from-bot').count()) > 2, 'the bot’s cards as text');
        const codes = bot.sms.received.map((sms) => /\d{6}/.exec(sms.message)?.[0]).filter(Boolean);
        assert.ok(codes.length > 0);
        assert.deepEqual(
          codes.filter((code) => text.includes(code!)),
          [],
        );
      } finally {
        await context.close();
      }
    });
  });
});
