import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { MemoryStorage } from 'botbuilder';
import { startBot, type BotHarness } from '../support/botHarness';
import { freePort } from '../support/botProcess';
import {
  HELPDESK_VIEWPORTS,
  HelpdeskBrowser,
  type AxeFinding,
  type HelpdeskPage,
} from '../support/helpdeskBrowser';
import { OidcIssuer, type IssuerUser } from '../support/oidcIssuer';
import type { ViewportSize } from '../support/playground';
import { playCases, type PlayedCases } from '../support/serviceDesk';

const CSV_HEADER =
  'Ärende;Startat;Avslutat;Utfall;Konto;Namn;Angivet användarnamn;Begärt av;Eget konto;Val;SMS skickade;Plattform;Språk';

/**
 * The service-desk view at /helpdesk as a person at the service desk uses it, in headless Chromium:
 * the real bot with cases played through it, sign-in by one-time link (demo) or by Entra ID against a
 * local OIDC issuer, the live list, the case page, the CSV export, axe, the phone layout and the CSP.
 */
describe('the service-desk view in Chromium (E2E)', function () {
  this.timeout(60_000);

  let browser: HelpdeskBrowser;
  let desk: HelpdeskPage | undefined;

  before(async () => {
    browser = await HelpdeskBrowser.launch();
  });

  after(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    await desk?.close();
    desk = undefined;
  });

  const rows = () => desk!.page.locator('table.cases tbody tr');
  const rowTexts = async () => (await rows().allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));
  /** Each row's account cell: what stays the same while an open case's duration ticks. */
  const rowAccounts = async () =>
    (await rows().locator('td[data-label="Konto"]').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));

  describe('when the service desk signs in with the one-time link (demo)', () => {
    let bot: BotHarness;
    let played: PlayedCases;

    before(async () => {
      bot = await startBot(
        { LOG_LEVEL: 'warn' },
        { storage: new MemoryStorage(), linkOut: new PassThrough() },
      );
      played = await playCases(bot);
    });

    after(async () => {
      await bot?.stop();
    });

    const signIn = async (viewport: ViewportSize = HELPDESK_VIEWPORTS.desktop) => {
      desk = await browser.open({ viewport });
      // The link's page sends its sign-in form by itself (a GET alone spends nothing).
      await desk.goto(bot.app.helpdeskSignInLink()!);
      await desk.page.waitForURL('**/helpdesk/cases');
      assert.equal(new URL(desk.page.url()).pathname, '/helpdesk/cases');
      return desk;
    };

    it('lists the cases newest first, filters and searches them, opens one and exports CSV', async () => {
      const page = (await signIn()).page;
      assert.deepEqual(
        await rows().locator('.badge').allInnerTexts(),
        ['Pågår', 'Pågår', 'Inget mobilnummer', 'Nytt lösenord'],
        'four cases, newest first, each with its outcome',
      );
      const listed = await rowTexts();
      const accounts = await rowAccounts();
      // A name that matched no account may be a password: shown only as a tag (security finding 1).
      assert.match(listed[0]!, /dolt, matchade inget konto \(kännetecken [0-9a-f]{8}\)/);
      assert.doesNotMatch(listed.join('\n'), /nobody\.here/);
      assert.match(listed[1]!, /bertil\.berg.*Annan person än kontoägaren/);
      assert.match(listed[2]!, /cecilia\.ceder/);
      assert.match(listed[3]!, /anna\.svensson/);
      desk!.assertClean();

      await page.getByLabel('Utfall').selectOption({ label: 'Inget mobilnummer' });
      await page.getByRole('button', { name: 'Filtrera' }).click();
      await page.waitForURL(/outcome=no-phone/);
      assert.deepEqual(await rowAccounts(), [accounts[2]!]);

      await page.getByLabel('Utfall').selectOption({ label: 'Alla' });
      await page.getByLabel('Sök').fill('cecilia');
      await page.getByLabel('Sök').press('Enter');
      await page.waitForURL(/q=cecilia/);
      assert.deepEqual(await rowAccounts(), [accounts[1]!, accounts[2]!]);
      desk!.assertClean();

      await page.getByRole('link', { name: 'Rensa filter' }).click();
      await page.waitForURL(/\/helpdesk\/cases$/);
      await rows().filter({ hasText: 'anna.svensson' }).getByRole('link').click();
      await page.waitForURL(/\/helpdesk\/cases\/[A-Za-z0-9-]+$/);
      await page.getByRole('heading', { name: /Ärende: anna\.svensson/ }).waitFor();
      const timeline = await page.locator('ol.timeline li').allInnerTexts();
      assert.ok(timeline.some((item) => item.includes('Kod skickad med SMS')));
      assert.ok(timeline.some((item) => item.includes('Fel kod angiven')));
      assert.ok(timeline.some((item) => item.includes('Rätt kod angiven')));
      assert.ok(await page.locator('.bubble.from-user').first().isVisible(), 'Anna’s messages as bubbles');
      assert.ok(await page.locator('.bubble.from-bot').first().isVisible(), 'the bot’s messages as bubbles');
      const text = await desk!.text();
      assert.match(text, /\[dolt\]/);
      for (const secret of [...played.codes, ...played.passwords]) {
        assert.ok(!text.includes(secret), 'no code or password on the case page');
      }
      desk!.assertClean();

      await page.getByRole('link', { name: '← Alla ärenden' }).click();
      await page.waitForURL(/\/helpdesk\/cases$/);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Exportera CSV' }).click(),
      ]);
      assert.match(download.suggestedFilename(), /^arenden-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await readFile(await download.path(), 'utf8');
      const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
      assert.equal(lines[0], CSV_HEADER);
      assert.equal(lines.filter(Boolean).length, 5, 'the header and four cases');
      for (const secret of [...played.codes, ...played.passwords]) assert.ok(!csv.includes(secret));
      desk!.assertClean();
    });

    it('shows a new case in the open list within seconds, without reloading the page', async () => {
      const { page } = await signIn();
      const before = await rows().count();
      await page.evaluate('window.__sameDocument = "yes"');
      const navigations = desk!.navigations;

      const late = bot.user({ userId: '29:late', name: 'Sen Person' });
      await late.say('hej');
      await late.say('okand.person');
      // One more row than before: the new case (its name is masked, so the row count tells it).
      await rows().nth(before).waitFor({ timeout: 12_000 });

      assert.equal(await rows().count(), before + 1);
      const top = (await rowTexts())[0]!;
      assert.match(top, /dolt, matchade inget konto.*Sen Person/, 'on top: newest first');
      assert.doesNotMatch(top, /okand\.person/, 'a name that matched no account is not shown');
      assert.equal(await page.evaluate('window.__sameDocument'), 'yes', 'the page was not reloaded');
      assert.equal(desk!.navigations, navigations);
      desk!.assertClean();
    });

    it('passes axe on every page and fits a phone without scrolling sideways', async () => {
      const findings: string[] = [];
      for (const [name, viewport] of Object.entries(HELPDESK_VIEWPORTS)) {
        // The sign-in page, as anyone without a session sees it.
        desk = await browser.open({ viewport });
        assert.equal(await desk.goto(`${bot.botUrl}/helpdesk/cases`), 401);
        await checkPage(desk, `${name} sign-in`, findings, [401]);
        if (name === 'desktop') await desk.screenshot('signin');
        await desk.close();

        await signIn(viewport);
        await checkPage(desk, `${name} list`, findings);
        await desk.screenshot(name === 'desktop' ? 'list' : 'list-phone');

        await desk.goto(`${bot.botUrl}/helpdesk/cases?from=ig%C3%A5r&q=cecilia`);
        assert.match(await desk.page.locator('.notice').innerText(), /”Från” är inte ett datum/);
        await checkPage(desk, `${name} filtered list with a problem`, findings);

        const [anna] = await bot.app.cases.list({ account: 'anna.svensson' });
        await desk.goto(`${bot.botUrl}/helpdesk/cases/${anna!.id}`);
        await checkPage(desk, `${name} case`, findings);
        await desk.screenshot(name === 'desktop' ? 'case' : 'case-phone');
        await desk.close();
        desk = undefined;
      }
      if (findings.length > 0) console.log(`      axe notes (not failing):\n${findings.join('\n')}`);
    });
  });

  describe('when the service desk signs in with Entra ID', () => {
    const helpdeskUser: IssuerUser = {
      oid: '11111111-2222-4333-8444-555555555555',
      name: 'Greta Servicedesk',
      preferredUsername: 'greta.servicedesk@kommun.se',
      roles: ['Helpdesk'],
    };
    let issuer: OidcIssuer;
    let caDir: string;
    let bot: BotHarness;

    before(async () => {
      issuer = await OidcIssuer.start();
      caDir = await mkdtemp(path.join(tmpdir(), 'helpdesk-e2e-'));
      const caFile = path.join(caDir, 'issuer-ca.pem');
      await writeFile(caFile, issuer.caPem);
      const port = await freePort();
      bot = await startBot(
        {
          LOG_LEVEL: 'warn',
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          HELPDESK_TENANT_ID: issuer.tenantId,
          HELPDESK_CLIENT_ID: issuer.clientId,
          HELPDESK_CLIENT_SECRET: issuer.clientSecret,
          HELPDESK_AUTHORITY_HOST: issuer.url,
          HELPDESK_CA_FILE: caFile,
        },
        { storage: new MemoryStorage(), linkOut: new PassThrough() },
      );
      assert.equal(bot.botUrl, `http://127.0.0.1:${port}`);
      assert.equal(bot.app.helpdeskSignInLink(), undefined, 'no one-time links once Entra is set up');
      await bot.user({ userId: '29:stranger', name: 'Okänd Person' }).say('hej');
    });

    afterEach(() => issuer.reset());

    after(async () => {
      await bot?.stop();
      await issuer?.stop();
      await rm(caDir, { recursive: true, force: true });
    });

    /** The list's address, the sign-in page, the button, the issuer, and back. */
    const signInAs = async (user: IssuerUser) => {
      issuer.setUser(user);
      desk = await browser.open({ ignoreHTTPSErrors: true });
      assert.equal(await desk.goto(`${bot.botUrl}/helpdesk/cases`), 401);
      await desk.page.getByRole('heading', { name: 'Logga in' }).waitFor();
      desk.assertClean([401]);
      const [response] = await Promise.all([
        desk.page.waitForResponse((r) => new URL(r.url()).pathname === '/helpdesk/auth/callback'),
        desk.page.getByRole('link', { name: 'Logga in med ditt jobbkonto' }).click(),
      ]);
      await desk.page.waitForLoadState('load');
      assert.equal(issuer.authorizeRequests.length, 1, 'the browser went to the issuer');
      return response.status();
    };

    it('signs in with the work account, shows the name and keeps the session in an HttpOnly cookie', async () => {
      assert.equal(await signInAs(helpdeskUser), 302);
      const { page } = desk!;
      assert.equal(page.url(), `${bot.botUrl}/helpdesk/cases`);
      assert.equal(await page.locator('header .who').innerText(), 'Greta Servicedesk');
      assert.equal(await rows().count(), 1);
      desk!.assertClean();

      const cookies = await desk!.context.cookies(`${bot.botUrl}/helpdesk/cases`);
      const session = cookies.find((cookie) => cookie.name === 'ra_helpdesk');
      assert.ok(session, 'a session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Lax');
      assert.equal(session.secure, false, 'plain http here; https makes it Secure');
      assert.equal(session.path, '/helpdesk');
      assert.ok(
        !cookies.some((cookie) => cookie.name === 'ra_helpdesk_signin'),
        'the pending sign-in is gone',
      );

      // Signing out is a form post from our page: the browser must send it with its real Origin.
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Logga ut' }).click(),
      ]);
      await page.getByRole('heading', { name: 'Du är utloggad' }).waitFor();
      const after = await desk!.context.cookies(`${bot.botUrl}/helpdesk/cases`);
      assert.ok(
        !after.some((cookie) => cookie.name === 'ra_helpdesk' && cookie.value !== ''),
        'session gone',
      );
      assert.equal(await desk!.goto(`${bot.botUrl}/helpdesk/cases`), 401);
    });

    it('tells a user without the Helpdesk role that they lack it (403)', async () => {
      const reader: IssuerUser = {
        oid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
        name: 'Cecilia Vanlig',
        preferredUsername: 'cecilia@kommun.se',
        roles: ['Reader'],
      };
      assert.equal(await signInAs(reader), 403);
      const text = await desk!.text();
      assert.match(text, /Du har inte behörighet till servicedeskvyn/);
      assert.match(text, /rollen Helpdesk/);
      assert.equal(await desk!.page.locator('header .who').count(), 0, 'not signed in');
      assert.ok(
        !(await desk!.context.cookies(`${bot.botUrl}/helpdesk/cases`)).some(
          (cookie) => cookie.name === 'ra_helpdesk',
        ),
      );
      desk!.assertClean([403]);
    });
  });
});

/** axe, the CSP and, on a phone, no sideways scroll; serious/critical axe findings fail. */
async function checkPage(
  desk: HelpdeskPage,
  label: string,
  notes: string[],
  allowedStatuses: readonly number[] = [],
): Promise<void> {
  const findings: AxeFinding[] = await desk.axe();
  const blocking = findings.filter(
    (finding) =>
      finding.kind === 'violation' && (finding.impact === 'serious' || finding.impact === 'critical'),
  );
  assert.deepEqual(blocking, [], `${label}: serious or critical axe violations`);
  notes.push(
    ...findings.map(
      (finding) =>
        `        ${label}: ${finding.kind}, ${finding.impact}: ${finding.id} (${finding.nodes}×, ${finding.where}): ${finding.help}`,
    ),
  );
  const width = desk.page.viewportSize()?.width ?? 0;
  if (width < 800) await desk.assertNoHorizontalScroll();
  desk.assertClean(allowedStatuses);
}
