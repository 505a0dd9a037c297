import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { MemoryStorage } from 'botbuilder';
import { HelpdeskSessions } from '../../src/helpdesk/sessions';
import { startBot, type BotHarness } from '../support/botHarness';
import { FakeClock, minutes } from '../support/fakeClock';
import { OidcIssuer, type IssuerUser } from '../support/oidcIssuer';
import { HelpdeskClient } from '../support/serviceDesk';

/** Several instances behind one load balancer share the session secret and the store. */
const SHARED_SECRET = 'helpdesk-session-secret-shared-by-instances-0123';

const anna: IssuerUser = {
  oid: '11111111-2222-4333-8444-555555555555',
  name: 'Anna Servicedesk',
  preferredUsername: 'anna.servicedesk@kommun.se',
  roles: ['Helpdesk'],
};

describe('service-desk sessions', function () {
  this.timeout(30_000);

  let issuer: OidcIssuer;
  let caDir: string;
  let storage: MemoryStorage;
  let clock: FakeClock;
  let bots: BotHarness[];

  before(async () => {
    issuer = await OidcIssuer.start();
    caDir = await mkdtemp(path.join(tmpdir(), 'helpdesk-sessions-'));
    await writeFile(path.join(caDir, 'issuer-ca.pem'), issuer.caPem);
  });

  beforeEach(() => {
    storage = new MemoryStorage();
    clock = new FakeClock(new Date());
    bots = [];
  });

  afterEach(async () => {
    issuer.reset();
    await Promise.all(bots.map((bot) => bot.stop()));
  });

  after(async () => {
    await issuer.stop();
    await rm(caDir, { recursive: true, force: true });
  });

  /** An instance with one-time links (no Entra: outside production). */
  async function linkInstance(): Promise<BotHarness> {
    const bot = await startBot(
      { HELPDESK_SESSION_SECRET: SHARED_SECRET },
      { storage, clock, linkOut: new PassThrough() },
    );
    bots.push(bot);
    return bot;
  }

  /** An instance with Entra sign-in, as in production: no one-time links. */
  async function entraInstance(): Promise<BotHarness> {
    const bot = await startBot(
      {
        HELPDESK_SESSION_SECRET: SHARED_SECRET,
        HELPDESK_TENANT_ID: issuer.tenantId,
        HELPDESK_CLIENT_ID: issuer.clientId,
        HELPDESK_CLIENT_SECRET: issuer.clientSecret,
        HELPDESK_AUTHORITY_HOST: issuer.url,
        HELPDESK_CA_FILE: path.join(caDir, 'issuer-ca.pem'),
      },
      { storage, clock, linkOut: new PassThrough() },
    );
    assert.equal(bot.app.helpdeskSignInLink(), undefined, 'no one-time links once Entra is set up');
    bots.push(bot);
    return bot;
  }

  /** The sign-in button, the issuer, and the callback, as the browser does it. */
  async function signInWithEntra(desk: HelpdeskClient, user: IssuerUser): Promise<Response> {
    issuer.setUser(user);
    const start = await desk.get('/helpdesk/login?returnTo=%2Fhelpdesk%2Fcases');
    assert.equal(start.status, 302);
    const query = await issuer.authorize(start.headers.get('location') ?? '');
    return desk.get(`/helpdesk/auth/callback?${new URLSearchParams(query).toString()}`);
  }

  async function status(desk: HelpdeskClient, pagePath = '/helpdesk/cases'): Promise<number> {
    return (await desk.get(pagePath)).status;
  }

  describe('when a one-time-link session reaches an instance where links are off', () => {
    it('is refused there, even with the same session secret and the same store', async () => {
      const [dev, production] = [await linkInstance(), await entraInstance()];
      const devDesk = new HelpdeskClient(dev.botUrl);
      assert.equal((await devDesk.signInWith(dev.app.helpdeskSignInLink()!)).status, 303);
      assert.equal(await status(devDesk), 200);

      const minted = new HelpdeskClient(production.botUrl);
      minted.setCookie('ra_helpdesk', devDesk.cookie('ra_helpdesk')!);

      assert.equal(await status(minted), 401);
      assert.equal((await minted.get('/helpdesk/api/session')).status, 401);
    });
  });

  describe('when the service desk signs out on one instance', () => {
    it('ends the session on every instance sharing the store, also for a copy of the cookie', async () => {
      const [first, second] = [await linkInstance(), await linkInstance()];
      const desk = new HelpdeskClient(first.botUrl);
      assert.equal((await desk.signInWith(first.app.helpdeskSignInLink()!)).status, 303);
      const cookie = desk.cookie('ra_helpdesk')!;
      const elsewhere = new HelpdeskClient(second.botUrl);
      elsewhere.setCookie('ra_helpdesk', cookie);
      assert.equal(await status(elsewhere), 200, 'one session, valid on every instance');

      const list = await (await desk.get('/helpdesk/cases')).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(list)?.[1];
      assert.ok(csrf, 'the page has the sign-out form');
      assert.equal((await desk.post('/helpdesk/logout', { csrf })).status, 200);

      const copy = new HelpdeskClient(first.botUrl);
      copy.setCookie('ra_helpdesk', cookie);
      assert.equal(await status(copy), 401, 'a copy of the cookie on the same instance');
      assert.equal(await status(elsewhere), 401, 'the cookie on the other instance');
    });
  });

  describe('when an Entra session grows older', () => {
    it('keeps working within the hour without asking Entra again', async () => {
      const bot = await entraInstance();
      const desk = new HelpdeskClient(bot.botUrl);
      assert.equal((await signInWithEntra(desk, anna)).status, 302);
      const tokenRequests = issuer.tokenRequests;

      clock.advance(minutes(59));
      assert.equal(await status(desk), 200);
      assert.equal(issuer.tokenRequests, tokenRequests);
    });

    it('asks for a new sign-in after an hour, and a removed Helpdesk role then keeps the view closed', async () => {
      const bot = await entraInstance();
      const desk = new HelpdeskClient(bot.botUrl);
      assert.equal((await signInWithEntra(desk, anna)).status, 302);
      assert.equal(await status(desk), 200);

      clock.advance(minutes(61));
      const due = await desk.get('/helpdesk/cases');
      assert.equal(due.status, 401);
      assert.match(await due.text(), /kontrolleras varje timme/);
      assert.equal((await desk.get('/helpdesk/api/session')).status, 401);

      const refused = await signInWithEntra(desk, { ...anna, roles: [] });
      assert.equal(refused.status, 403);
      assert.equal(await status(desk), 401);

      const again = await signInWithEntra(desk, anna);
      assert.equal(again.status, 302, 'with the role back, a new sign-in opens the view');
      assert.equal(await status(desk), 200);
    });

    it('sends a page opened in a tab of its own straight to the Entra sign-in', async () => {
      const bot = await entraInstance();
      const desk = new HelpdeskClient(bot.botUrl);
      await signInWithEntra(desk, anna);

      clock.advance(minutes(61));
      const due = await desk.get('/helpdesk/cases?status=open', { 'sec-fetch-dest': 'document' });
      assert.equal(due.status, 302);
      assert.equal(
        due.headers.get('location'),
        '/helpdesk/login?returnTo=%2Fhelpdesk%2Fcases%3Fstatus%3Dopen',
      );
    });
  });
});

describe('HelpdeskSessions', () => {
  const user = { id: 'oid-1', name: 'Anna Servicedesk' };

  describe('when a session is recorded', () => {
    it('keys it by a hash: reading the store yields no session id to put in a cookie', async () => {
      const memory: Record<string, string> = {};
      const sessions = new HelpdeskSessions(new MemoryStorage(memory), {
        lifetimeMs: minutes(480),
        recheckMs: minutes(60),
      });
      const session = await sessions.start(user, 'entra', new Date());

      assert.equal(Object.keys(memory).length, 1);
      assert.ok(!JSON.stringify(memory).includes(session.id));
      assert.equal((await sessions.find(session.id, new Date())).state, 'active');
    });
  });

  describe('when it has expired', () => {
    it('is no session and is removed from the store', async () => {
      const memory: Record<string, string> = {};
      const sessions = new HelpdeskSessions(new MemoryStorage(memory), {
        lifetimeMs: minutes(30),
        recheckMs: minutes(60),
      });
      const start = new Date();
      const session = await sessions.start(user, 'link', start);

      const later = new Date(start.getTime() + minutes(31));
      assert.equal((await sessions.find(session.id, later)).state, 'none');
      // botbuilder's MemoryStorage deletes by setting the key to undefined.
      assert.deepEqual(
        Object.values(memory).filter((value) => value !== undefined),
        [],
      );
    });
  });
});
