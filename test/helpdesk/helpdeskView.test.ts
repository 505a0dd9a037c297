import { platformLabel } from '../../src/helpdesk/labels';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { TIME_ZONE } from '../../src/helpdesk/stockholmTime';
import { startBot, type BotHarness } from '../support/botHarness';
import { HelpdeskClient, playCases, type PlayedCases } from '../support/serviceDesk';

describe('the service-desk view at /helpdesk', () => {
  let bot: BotHarness;
  let played: PlayedCases;
  let terminal: string[];
  let desk: HelpdeskClient;

  before(async () => {
    terminal = [];
    const linkOut = new PassThrough();
    linkOut.on('data', (chunk: Buffer) => terminal.push(chunk.toString('utf8')));
    bot = await startBot({}, { linkOut });
    played = await playCases(bot);
    await bot.app.alerts.flush();
  });

  after(async () => {
    await bot.stop();
  });

  beforeEach(() => {
    desk = new HelpdeskClient(bot.botUrl);
  });

  const signIn = async () => {
    const response = await desk.signInWith(bot.app.helpdeskSignInLink()!);
    assert.equal(response.status, 303);
  };
  const page = async (path: string) => {
    const response = await desk.get(path);
    return { status: response.status, body: await response.text(), headers: response.headers };
  };

  describe('when nobody has signed in', () => {
    it('answers every page with the sign-in page, never a case', async () => {
      for (const path of ['/helpdesk/cases', '/helpdesk/cases.csv', '/helpdesk/cases/anything']) {
        const { status, body } = await page(path);
        assert.equal(status, 401, path);
        assert.match(body, /Logga in/);
        assert.doesNotMatch(body, /anna\.svensson/);
      }
      assert.equal((await desk.get('/helpdesk/api/session')).status, 401);
    });

    it('offers to print a new one-time link on the terminal, not in the page', async () => {
      const before = terminal.length;
      const response = await desk.post('/helpdesk/login/link', {});
      const body = await response.text();

      assert.equal(response.status, 200);
      assert.match(body, /terminalen/);
      assert.doesNotMatch(body, /token=/);
      const printed = terminal.slice(before).join('');
      assert.match(printed, /\/helpdesk\/login\/link\?token=/);
    });
  });

  describe('when the one-time link is used', () => {
    it('signs in once with an HttpOnly cookie, and the same link fails the second time', async () => {
      const link = bot.app.helpdeskSignInLink()!;
      const first = await desk.signInWith(link);
      assert.equal(first.status, 303);
      assert.equal(first.headers.get('location'), '/helpdesk/cases');
      assert.match(first.headers.get('set-cookie') ?? '', /ra_helpdesk=.*HttpOnly.*SameSite=Lax/);

      const second = await new HelpdeskClient(bot.botUrl).signInWith(link);
      assert.equal(second.status, 403);
      assert.match(await second.text(), /redan använd/);
    });

    it('is not used up by opening it (a link preview), only by the sign-in it leads to', async () => {
      const link = bot.app.helpdeskSignInLink()!;
      const preview = new HelpdeskClient(bot.botUrl);
      for (let i = 0; i < 3; i++) {
        const opened = await preview.openLink(link);
        assert.equal(opened.status, 200);
        assert.equal(opened.headers.get('set-cookie'), null);
      }
      assert.equal((await desk.signInWith(link)).status, 303);
      assert.equal((await preview.openLink(link)).status, 403);
    });

    it('refuses the sign-in form from another site, or with a wrong token', async () => {
      const link = bot.app.helpdeskSignInLink()!;
      const token = new URL(link).searchParams.get('token')!;
      const forged = await desk.post(
        '/helpdesk/login/link/use',
        { token },
        { origin: 'https://evil.example' },
      );
      assert.equal(forged.status, 403);
      assert.equal(forged.headers.get('set-cookie'), null);
      assert.equal((await desk.post('/helpdesk/login/link/use', { token: 'nope' })).status, 403);
      assert.equal((await desk.post('/helpdesk/login/link/use', {})).status, 403);
      // The refused attempts did not spend it.
      assert.equal((await desk.signInWith(link)).status, 303);
    });

    it('refuses a forged or altered session cookie', async () => {
      await signIn();
      const real = desk.cookie('ra_helpdesk')!;
      const [payload, mac] = real.split('.');
      const forged = Buffer.from(
        JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), e: Date.now() + 9e9 }),
      ).toString('base64url');
      desk.setCookie('ra_helpdesk', `${forged}.${mac}`);
      assert.equal((await page('/helpdesk/cases')).status, 401);
    });
  });

  describe('when the service desk opens the case list', () => {
    it('shows every case newest first with its outcome, and who asked', async () => {
      await signIn();
      const { status, body, headers } = await page('/helpdesk/cases');

      assert.equal(status, 200);
      const rows = body.split('<tr>').slice(2);
      assert.equal(rows.length, 4);
      // A name that matched no account may be a password: the list says so, never what was typed.
      assert.match(rows[0]!, /dolt, matchade inget konto \(kännetecken [0-9a-f]{8}\)/);
      assert.doesNotMatch(body, /nobody\.here/);
      assert.match(
        rows[1]!,
        /bertil\.berg[\s\S]*Cecilia Ceder[\s\S]*Annan person än kontoägaren[\s\S]*Pågår/,
      );
      assert.match(rows[2]!, /cecilia\.ceder[\s\S]*Inget mobilnummer/);
      assert.match(rows[3]!, /anna\.svensson[\s\S]*Nytt lösenord/);
      assert.match(body, /data-live="5"/);
      assert.match(headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.match(
        headers.get('content-security-policy') ?? '',
        /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/,
      );
      assert.equal(headers.get('x-frame-options'), null, 'Teams must be able to frame the tab');
      assert.equal(headers.get('cache-control'), 'no-store');
    });

    it('filters by outcome, account and free text, and says so when a filter is wrong', async () => {
      await signIn();
      const noPhone = await page('/helpdesk/cases?outcome=no-phone');
      assert.equal(noPhone.body.split('<tr>').length - 2, 1);
      assert.match(noPhone.body, /cecilia\.ceder/);

      const open = await page('/helpdesk/cases?outcome=open');
      const openRows = open.body.split('<tr>').slice(2).join('');
      assert.match(openRows, /bertil\.berg/);
      assert.doesNotMatch(openRows, /anna\.svensson/);

      const byAccount = await page('/helpdesk/cases?account=ANNA');
      assert.equal(byAccount.body.split('<tr>').length - 2, 1);

      const search = await page('/helpdesk/cases?q=cecilia');
      assert.equal(search.body.split('<tr>').length - 2, 2, 'her own case and the one she asked about');

      // The filter's days are Stockholm's (the service desk's), which differ from UTC's around midnight.
      const today = new Intl.DateTimeFormat('sv-SE', { timeZone: TIME_ZONE }).format(new Date());
      const dated = await page(`/helpdesk/cases?from=${today}&to=${today}`);
      assert.equal(dated.body.split('<tr>').length - 2, 4);
      const future = await page('/helpdesk/cases?from=2999-01-01');
      assert.match(future.body, /Inga ärenden matchar/);

      const impossible = await page('/helpdesk/cases?to=2025-02-31');
      assert.match(impossible.body, /”Till” är inte ett datum/);

      const wrong = await page('/helpdesk/cases?outcome=%3Cscript%3E&from=igår');
      assert.equal(wrong.status, 200);
      assert.match(wrong.body, /Okänt utfall/);
      assert.match(wrong.body, /”Från” är inte ett datum/);
      assert.doesNotMatch(wrong.body, /<script>/);
    });

    it('exports the filtered list as CSV for Excel', async () => {
      await signIn();
      const response = await desk.get('/helpdesk/cases.csv?q=cecilia');
      const csv = await response.text();

      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(
        response.headers.get('content-disposition') ?? '',
        /attachment; filename="arenden-\d{4}-\d{2}-\d{2}\.csv"/,
      );
      const lines = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines.length, 3);
      assert.match(lines[0]!, /^Ärende;Startat;Avslutat;Utfall;Konto;Namn;/);
      assert.ok(lines.some((line) => line.includes(';Inget mobilnummer;cecilia.ceder;Cecilia Ceder;')));
    });
  });

  describe('when the service desk opens one case', () => {
    it('shows the summary, the timeline and the redacted conversation as chat', async () => {
      await signIn();
      const [anna] = await bot.app.cases.list({ account: 'anna.svensson' });
      const { status, body } = await page(`/helpdesk/cases/${anna!.id}`);

      assert.equal(status, 200);
      assert.match(body, /Ärende: anna\.svensson/);
      assert.match(body, /Nytt lösenord och lås upp/);
      assert.match(body, /slutar på 05/);
      assert.match(body, /Kod skickad med SMS[\s\S]*Fel kod angiven[\s\S]*Rätt kod angiven/);
      assert.match(body, /class="bubble from-user[\s\S]*hej/);
      assert.match(body, /class="bubble from-bot/);
      assert.match(body, /Skickade nytt lösenord/);
      assert.match(body, /\[dolt\]/);
      assert.doesNotMatch(body, /data-live/, 'a finished case does not refresh itself');
    });

    it('speaks Swedish throughout and names the demo directory as such', async () => {
      await signIn();
      const [anna] = await bot.app.cases.list({ account: 'anna.svensson' });
      const { body } = await page(`/helpdesk/cases/${anna!.id}`);
      assert.match(body, /Nytt lösenord: \[dolt\]/);
      assert.match(body, /Upprepat lösenord: \[dolt\]/);
      assert.doesNotMatch(body, /newPassword|repeatPassword/);
      assert.match(body, /Lösenordet godtogs inte[\s\S]*använt tidigare/);
      assert.doesNotMatch(body, /– history/);
      assert.match(body, /<td>Android<\/td>|>Android</);
      assert.match(body, /Demokatalog \(exempelkonton\)/);
      assert.doesNotMatch(body, /Active Directory/, 'the sample accounts are no real directory');
      assert.match(body, /samma kort, nu så här/, 'an updated card shows what it became');
      const list = await page('/helpdesk/cases');
      assert.match(list.body, /data-label="Plattform">Android</);
      assert.equal(platformLabel('web'), 'Webb');
      assert.equal(platformLabel('Web'), 'Webb');
    });

    it('answers an unknown or malformed case id with a plain 404 page', async () => {
      await signIn();
      for (const id of ['00000000-0000-0000-0000-000000000000', '..%2F..%2Fetc', 'x'.repeat(300)]) {
        const { status, body } = await page(`/helpdesk/cases/${id}`);
        assert.equal(status, 404, id);
        assert.match(body, /finns inte/);
      }
    });
  });

  describe('when the service desk signs out', () => {
    it('needs the form token, then forgets the session', async () => {
      await signIn();
      const forged = await desk.post('/helpdesk/logout', { csrf: 'guess' });
      assert.equal(forged.status, 403);
      const list0 = await page('/helpdesk/cases');
      const token = /name="csrf" value="([^"]+)"/.exec(list0.body)![1]!;
      for (const origin of ['null', 'https://evil.example', 'not a url']) {
        const crossSite = await desk.post('/helpdesk/logout', { csrf: token }, { origin });
        assert.equal(crossSite.status, 403, origin);
        assert.match(await crossSite.text(), /kom inte från den här sidan/);
      }
      assert.equal((await page('/helpdesk/cases')).status, 200);

      const list = await page('/helpdesk/cases');
      const csrf = /name="csrf" value="([^"]+)"/.exec(list.body)![1]!;
      const out = await desk.post('/helpdesk/logout', { csrf });
      assert.equal(out.status, 200);
      assert.equal((await page('/helpdesk/cases')).status, 401);
    });
  });

  describe('when every page and export has been read', () => {
    it('shows no code and no password anywhere, nor in the logs', async () => {
      await signIn();
      const bodies = [
        (await page('/helpdesk/cases')).body,
        await (await desk.get('/helpdesk/cases.csv')).text(),
      ];
      for (const record of await bot.app.cases.list()) {
        bodies.push((await page(`/helpdesk/cases/${record.id}`)).body);
      }
      const sinks = [...bodies, ...bot.logs, terminal.join('')];
      for (const secret of [...played.codes, ...played.passwords]) {
        assert.equal(sinks.filter((text) => text.includes(secret)).length, 0, `"${secret}" leaked`);
      }
      assert.ok(!bodies.join('').includes('+46701740605'), 'no full phone number');
    });
  });
});
