import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EntraSignIn,
  localPath,
  type PendingSignIn,
  type SignInResult,
} from '../../src/helpdesk/entraSignIn';
import { memoryLogger, type MemoryLogStream } from '../support/memoryLog';
import { OidcIssuer, type IssuerUser } from '../support/oidcIssuer';

const REDIRECT_URI = 'https://bot.kommun.test/helpdesk/auth/callback';
const GROUP_ID = '5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';

const anna: IssuerUser = {
  oid: '11111111-2222-4333-8444-555555555555',
  name: 'Anna Servicedesk',
  preferredUsername: 'anna.servicedesk@kommun.se',
  roles: ['Helpdesk'],
};
const bertil: IssuerUser = {
  oid: '66666666-7777-4888-9999-000000000000',
  name: 'Bertil Gruppmedlem',
  preferredUsername: 'bertil@kommun.se',
  groups: ['0f0f0f0f-0000-4000-8000-000000000001', GROUP_ID.toUpperCase()],
};
const cecilia: IssuerUser = {
  oid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
  name: 'Cecilia Vanlig',
  preferredUsername: 'cecilia@kommun.se',
  roles: ['Reader'],
  groups: ['0f0f0f0f-0000-4000-8000-000000000001'],
};

describe('EntraSignIn', () => {
  let issuer: OidcIssuer;
  let caDir: string;
  let caFile: string;
  let log: MemoryLogStream;

  before(async function () {
    this.timeout(20_000);
    issuer = await OidcIssuer.start();
    caDir = await mkdtemp(path.join(tmpdir(), 'entra-sign-in-'));
    caFile = path.join(caDir, 'issuer-ca.pem');
    await writeFile(caFile, issuer.caPem);
  });

  afterEach(() => issuer.reset());

  after(async () => {
    await issuer.stop();
    await rm(caDir, { recursive: true, force: true });
  });

  function signIn(options: { groupId?: string; clientSecret?: string } = {}): EntraSignIn {
    const captured = memoryLogger();
    log = captured.log;
    return new EntraSignIn({
      entra: {
        tenantId: issuer.tenantId,
        clientId: issuer.clientId,
        clientSecret: options.clientSecret ?? issuer.clientSecret,
        authorityHost: issuer.url,
        caFile,
      },
      role: 'Helpdesk',
      ...(options.groupId !== undefined ? { groupId: options.groupId } : {}),
      redirectUri: REDIRECT_URI,
      logger: captured.logger,
    });
  }

  /** start(), the browser at Entra, and finish() with what came back. */
  async function signInAs(
    user: IssuerUser | 'cancels',
    client = signIn(),
    tamper: (query: Record<string, string>) => Record<string, string> = (query) => query,
  ): Promise<{ result: SignInResult; pending: PendingSignIn; query: Record<string, string> }> {
    issuer.setUser(user);
    const { url, pending } = await client.start('/helpdesk/cases?status=open');
    const query = await issuer.authorize(url);
    return { result: await client.finish(tamper(query), pending), pending, query };
  }

  function logLines(): string {
    return log.lines.join('\n');
  }

  function outcomes(): unknown[] {
    return log.entries().flatMap((entry) => (entry['outcome'] !== undefined ? [entry['outcome']] : []));
  }

  describe('when sign-in starts', () => {
    it('sends the browser to the authorize endpoint with PKCE S256, the redirect URI, state and nonce', async () => {
      const { url, pending } = await signIn().start('/helpdesk/cases?status=open');

      const authorize = new URL(url);
      assert.equal(
        `${authorize.origin}${authorize.pathname}`,
        `${issuer.url}/${issuer.tenantId}/oauth2/v2.0/authorize`,
      );
      const query = authorize.searchParams;
      assert.equal(query.get('code_challenge_method'), 'S256');
      assert.match(query.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.equal(query.get('redirect_uri'), REDIRECT_URI);
      assert.equal(query.get('response_type'), 'code');
      assert.equal(query.get('client_id'), issuer.clientId);
      assert.deepEqual((query.get('scope') ?? '').split(' ').sort(), ['offline_access', 'openid', 'profile']);
      assert.equal(query.get('state'), pending.state);
      assert.equal(query.get('nonce'), pending.nonce);
      assert.ok(!url.includes(pending.verifier), 'the verifier stays with us');
      assert.equal(pending.returnTo, '/helpdesk/cases?status=open');
    });

    it('makes every state, nonce and verifier new and unguessable', async () => {
      const client = signIn();
      const [first, second] = await Promise.all([client.start('/helpdesk'), client.start('/helpdesk')]);

      for (const key of ['state', 'nonce', 'verifier'] as const) {
        assert.notEqual(first.pending[key], second.pending[key]);
        assert.ok(first.pending[key].length >= 43, `${key} carries at least 256 bits`);
      }
    });
  });

  describe('when the user has the Helpdesk app role', () => {
    it('signs them in with their object id, name and username, and logs the outcome with the oid', async () => {
      const { result, pending, query } = await signInAs(anna);

      assert.deepEqual(result, {
        ok: true,
        user: { id: anna.oid, name: anna.name, username: anna.preferredUsername },
      });
      assert.equal(issuer.tokenRequests, 1);
      assert.equal(issuer.refusedTokenRequests, 0);
      const signedIn = log.entries().find((entry) => entry['outcome'] === 'signed-in');
      assert.equal(signedIn?.['oid'], anna.oid);
      for (const secret of [query['code'] ?? 'no code', pending.verifier, issuer.clientSecret])
        assert.ok(!logLines().includes(secret), 'no code, verifier or secret in the log');
    });

    it('binds the token request to this browser: the nonce and the PKCE challenge of the pending sign-in', async () => {
      const { pending } = await signInAs(anna);

      const [request] = issuer.authorizeRequests;
      assert.equal(request?.nonce, pending.nonce);
      assert.equal(request?.codeChallenge, createHash('sha256').update(pending.verifier).digest('base64url'));
      assert.equal(issuer.refusedTokenRequests, 0);
    });
  });

  describe('when a group is configured and the user is a member', () => {
    it('signs them in even without the role', async () => {
      const { result } = await signInAs(bertil, signIn({ groupId: GROUP_ID }));

      assert.ok(result.ok);
      assert.equal(result.user.id, bertil.oid);
      assert.equal(result.user.name, bertil.name);
    });
  });

  describe('when the user has neither the role nor the group', () => {
    it('refuses with not-allowed and tells them to ask their admin for the role', async () => {
      const { result } = await signInAs(cecilia, signIn({ groupId: GROUP_ID }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'not-allowed');
      assert.match(result.message, /administratör/);
      assert.match(result.message, /rollen Helpdesk/);
      const refused = log.entries().find((entry) => entry['outcome'] === 'not-allowed');
      assert.equal(refused?.['oid'], cecilia.oid);
    });

    it('says in the log when the groups claim was left out for too many groups', async () => {
      const { result } = await signInAs({ ...bertil, groupsOverage: true }, signIn({ groupId: GROUP_ID }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'not-allowed');
      const refused = log.entries().find((entry) => entry['outcome'] === 'not-allowed');
      assert.equal(refused?.['groupsOverage'], true);
    });

    it('does not count a group when no group is configured', async () => {
      const { result } = await signInAs(bertil);

      assert.ok(!result.ok);
      assert.equal(result.reason, 'not-allowed');
    });
  });

  describe('when the state that comes back is not the one we sent', () => {
    it('refuses with state-mismatch before any token request', async () => {
      const { result } = await signInAs(anna, signIn(), (query) => ({ ...query, state: 'forged-state' }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'state-mismatch');
      assert.match(result.message, /logga in igen/);
      assert.equal(issuer.tokenRequests, 0);
    });

    it('refuses the same way when the pending sign-in cookie is gone', async () => {
      issuer.setUser(anna);
      const client = signIn();
      const { url } = await client.start('/helpdesk');
      const result = await client.finish(await issuer.authorize(url), undefined);

      assert.ok(!result.ok);
      assert.equal(result.reason, 'state-mismatch');
      assert.equal(issuer.tokenRequests, 0);
    });

    it('does not believe an error that arrives with another state', async () => {
      const { result } = await signInAs('cancels', signIn(), (query) => ({ ...query, state: 'other' }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'state-mismatch');
    });
  });

  describe('when the user cancels at Entra', () => {
    it('answers cancelled without a token request', async () => {
      const { result, query } = await signInAs('cancels');

      assert.equal(query['error'], 'access_denied');
      assert.ok(!result.ok);
      assert.equal(result.reason, 'cancelled');
      assert.match(result.message, /avbröts/);
      assert.equal(issuer.tokenRequests, 0);
      assert.deepEqual(outcomes(), ['cancelled']);
    });
  });

  describe('when the app requires assignment and the user has none', () => {
    it('answers not-allowed', async () => {
      const { result } = await signInAs('cancels', signIn(), (query) => ({
        ...query,
        error_description: 'AADSTS50105: Your administrator has configured the application to block users.',
      }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'not-allowed');
    });
  });

  describe('when the client secret is wrong', () => {
    it('fails with a plain sentence, logs MSAL error code and AADSTS number, and never the secret', async () => {
      const wrongSecret = 'wrong-secret-Q~zyxwvu9876543210';
      const { result, query } = await signInAs(anna, signIn({ clientSecret: wrongSecret }));

      assert.ok(!result.ok);
      assert.equal(result.reason, 'failed');
      assert.match(result.message, /tekniskt fel/);
      assert.equal(issuer.refusedTokenRequests, 1);
      const failed = log.entries().find((entry) => entry['outcome'] === 'failed');
      assert.equal(failed?.['errorCode'], 'invalid_client');
      assert.equal(failed?.['entraCode'], 'AADSTS7000215');
      for (const secret of [wrongSecret, issuer.clientSecret, query['code'] ?? 'no code'])
        assert.ok(!logLines().includes(secret), 'neither secret nor code in the log');
    });
  });

  describe('when a code is replayed', () => {
    it('fails the second redemption', async () => {
      const client = signIn();
      const first = await signInAs(anna, client);
      assert.ok(first.result.ok);

      const replay = await client.finish(first.query, first.pending);

      assert.ok(!replay.ok);
      assert.equal(replay.reason, 'failed');
      assert.equal(issuer.tokenRequests, 2);
      assert.equal(issuer.refusedTokenRequests, 1);
      const failed = log.entries().find((entry) => entry['outcome'] === 'failed');
      assert.equal(failed?.['entraCode'], 'AADSTS54005');
    });
  });

  describe('when the code is redeemed with another verifier', () => {
    it('fails because the issuer checks PKCE', async () => {
      issuer.setUser(anna);
      const client = signIn();
      const { url, pending } = await client.start('/helpdesk');
      const stolen = await client.finish(await issuer.authorize(url), {
        ...pending,
        verifier: 'A'.repeat(43),
      });

      assert.ok(!stolen.ok);
      assert.equal(stolen.reason, 'failed');
      assert.equal(issuer.refusedTokenRequests, 1);
    });
  });

  describe('when the ID token is not for this sign-in', () => {
    const cases = [
      {
        what: 'the nonce differs (MSAL refuses it)',
        claims: { nonce: 'replayed' },
        logged: { errorCode: 'nonce_mismatch' },
      },
      {
        what: 'it names another tenant',
        claims: { tid: '99999999-9999-4999-8999-999999999999' },
        logged: { problem: 'tid is another tenant' },
      },
      {
        what: 'it was issued to another app',
        claims: { aud: 'another-app' },
        logged: { problem: 'aud is another app' },
      },
    ];
    for (const { what, claims, logged } of cases) {
      it(`fails when ${what}`, async () => {
        const { result } = await signInAs({ ...anna, claims });

        assert.ok(!result.ok);
        assert.equal(result.reason, 'failed');
        const failed = log.entries().find((entry) => entry['outcome'] === 'failed');
        for (const [key, value] of Object.entries(logged)) assert.equal(failed?.[key], value);
      });
    }
  });

  describe('when the CA file holds no certificate', () => {
    it('refuses to start, naming the file, instead of failing the first sign-in with a TLS error', async () => {
      const notACa = path.join(caDir, 'not-a-ca.pem');
      await writeFile(notACa, 'this is not a certificate\n');
      const { logger } = memoryLogger();
      assert.throws(
        () =>
          new EntraSignIn({
            entra: {
              tenantId: issuer.tenantId,
              clientId: issuer.clientId,
              clientSecret: issuer.clientSecret,
              authorityHost: issuer.url,
              caFile: notACa,
            },
            role: 'Helpdesk',
            redirectUri: REDIRECT_URI,
            logger,
          }),
        (error: unknown) => error instanceof Error && error.message === `${notACa} holds no PEM certificate`,
      );
    });
  });

  describe('when returnTo is not a path on this site', () => {
    it('falls back to /helpdesk', () => {
      for (const target of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'helpdesk'])
        assert.equal(localPath(target), '/helpdesk', target);
      assert.equal(localPath('/helpdesk/cases/42#transcript'), '/helpdesk/cases/42#transcript');
    });

    it('falls back on the first pass when only normalising makes it another host', () => {
      for (const target of [
        '/.//evil.example',
        '/..//evil.example/x',
        '/a/..//evil.example',
        '/./%2e//evil.example',
      ])
        assert.equal(localPath(target), '/helpdesk', target);
    });

    it('gives a path that a second pass (the sign-in callback) leaves unchanged', () => {
      for (const target of ['/.//evil.example', '/helpdesk/./cases/../cases?x=1#t', '/helpdesk/%2F%2Fx'])
        assert.equal(localPath(localPath(target)), localPath(target), target);
      assert.equal(localPath('/helpdesk/./cases/../cases?x=1#t'), '/helpdesk/cases?x=1#t');
    });
  });
});
