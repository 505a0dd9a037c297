import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { startBot, type BotHarness } from '../support/botHarness';
import { PlaygroundBrowser, PlaygroundServer, type PlaygroundChat } from '../support/playground';
import { assertCardUsable, SCREENSHOT_DIR, shot } from './support';

const FRIDA = {
  id: '29:1playground-user-frida',
  name: 'Frida Fors',
  aadObjectId: '5b7e2c1a-8d3f-4e6b-9c2a-1f0e7d6c5b42',
  userPrincipalName: 'frida.fors@kommun.example',
  givenName: 'Frida',
  surname: 'Fors',
  email: 'frida.fors@kommun.example',
};
const BERTIL = {
  id: '29:1playground-user-bertil',
  name: 'Bertil Berg',
  aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11',
  userPrincipalName: 'bertil.berg@kommun.example',
  givenName: 'Bertil',
  surname: 'Berg',
  email: 'bertil.berg@kommun.example',
};
const YES = 'Ja, jag har pratat med Frida och det är Frida';
const SEED_KEEP = 'Behåll ditt nuvarande lösenord och lås upp ditt konto';

/**
 * Issue 19 end to end: two Playgrounds side by side, one per person (the Playground holds one user).
 * Frida (no mobile) on a phone asks her manager; Bertil on a desktop gets the card and says yes; Frida's
 * card moves on to the guide's two choices by itself, and she unlocks her account.
 */
describe("The manager's confirmation in Agents Playground (E2E)", function () {
  this.timeout(180_000);

  let bot: BotHarness;
  let browser: PlaygroundBrowser;
  let fridaServer: PlaygroundServer;
  let bertilServer: PlaygroundServer;
  let frida: PlaygroundChat;
  let bertil: PlaygroundChat;

  before(async function () {
    this.timeout(300_000);
    bot = await startBot(
      { LOG_LEVEL: 'warn' },
      { storage: new MemoryStorage(), connectorSender: { limits: { perConversation: [], perTenant: [] } } },
    );
    const botEndpoint = `${bot.botUrl}/api/messages`;
    bertilServer = await PlaygroundServer.start({ botEndpoint, user: BERTIL });
    fridaServer = await PlaygroundServer.start({ botEndpoint, user: FRIDA });
    browser = await PlaygroundBrowser.launch();
    bertil = await browser.openChat(bertilServer, {
      viewport: 'desktop',
      waitForWelcome: 'hej',
      timeoutMs: 30_000,
    });
    frida = await browser.openChat(fridaServer, {
      viewport: 'phone',
      waitForWelcome: 'hej',
      timeoutMs: 30_000,
    });
  });

  after(async function () {
    this.timeout(60_000);
    await frida?.close().catch(() => undefined);
    await bertil?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await fridaServer?.stop();
    await bertilServer?.stop();
    await bot?.stop();
  });

  it('Bertil confirms on his desktop, and Frida unlocks her account on her phone', async () => {
    // Bertil has talked to the bot before, so it knows his chat.
    await bertil.sendText('hej');
    await bertil.waitForBotText('Det gäller mitt konto (bertil.berg)');
    await bertil.sendText('avbryt');
    await bertil.waitForBotText('Avbrutet', { anywhere: true });

    await frida.sendText('hej');
    await frida.clickCardButton('Det gäller mitt konto (frida.fors)');
    await frida.waitForBotText('Be din chef bekräfta att det är du', { anywhere: true });
    await assertCardUsable(frida);
    await shot(frida, '40-manager-offer');
    await frida.clickCardButton('Be din chef bekräfta att det är du');
    await frida.waitForBotText('Vi har bett Bertil Berg bekräfta att det är du', { anywhere: true });
    await assertCardUsable(frida);
    await shot(frida, '41-manager-waiting');

    const card = await bertil.waitForBotText('Bekräfta att det är din medarbetare', { anywhere: true });
    assert.match(card, /Frida Fors/);
    assert.match(card, /Socialförvaltningen/);
    assert.match(card, /videomöte/);
    assert.doesNotMatch(card, /\+46|\b\d{6}\b/);
    await assertCardUsable(bertil);
    await shot(bertil, '42-manager-card');
    await sideBySide('manager-approval-asked');

    await bertil.clickCardButton(YES);
    await bertil.waitForBotText('Du har bekräftat att det är Frida Fors');
    await frida.waitForBotText(SEED_KEEP, { anywhere: true, timeoutMs: 30_000 });
    await frida.waitForBotText('Bekräftad av chef: Bertil Berg', { anywhere: true });
    await assertCardUsable(frida);
    await shot(bertil, '43-manager-confirmed');
    await shot(frida, '43-manager-confirmed');
    await sideBySide('manager-approval-confirmed');

    await frida.clickCardButton(SEED_KEEP);
    await frida.waitForBotText('Ditt konto är nu upplåst');
    await shot(frida, '44-manager-unlocked');
    assert.equal((await bot.app.directory.findByUsername('frida.fors'))?.locked, false);
    assert.deepEqual([...frida.pageErrors, ...bertil.pageErrors], []);
  });

  /** The two chats in one picture: Frida's phone beside Bertil's desktop (SCREENSHOTS=1). */
  async function sideBySide(name: string): Promise<void> {
    if (process.env.SCREENSHOTS !== '1') return;
    // Each chat on its own is already saved by `shot`; these two only feed the composite.
    const fridaFile = path.join(tmpdir(), `${name}-${process.pid}-employee-phone.png`);
    const bertilFile = path.join(tmpdir(), `${name}-${process.pid}-manager-desktop.png`);
    await frida.screenshot(fridaFile);
    await bertil.screenshot(bertilFile);
    const image = (file: string) => `data:image/png;base64,${readFileSync(file).toString('base64')}`;
    const page = await browser.browser.newPage({ viewport: { width: 1100, height: 900 } });
    try {
      await page.setContent(
        `<body style="margin:0;display:flex;gap:24px;align-items:flex-start;background:#e8e8e8;padding:16px">` +
          `<img src="${image(fridaFile)}"><img src="${image(bertilFile)}"></body>`,
      );
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-side-by-side.png`), fullPage: true });
    } finally {
      await page.close();
      rmSync(fridaFile, { force: true });
      rmSync(bertilFile, { force: true });
    }
  }
});
