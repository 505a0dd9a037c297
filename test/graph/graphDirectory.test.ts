import assert from 'node:assert/strict';
import type { GraphComponents } from '../../src/graph';
import {
  AccountNotWritableError,
  DirectoryUnavailableError,
  PasswordRejectedError,
} from '../../src/reset/errors';
import { GraphEmulator } from '../support/graphEmulator';
import { ANNA, graphAgainst, MOA } from './fixture';

const MOA_REF = {
  id: MOA.id,
  username: MOA.userPrincipalName,
  upn: MOA.userPrincipalName,
  source: 'cloud',
} as const;
const ANNA_REF = {
  id: ANNA.id,
  username: 'anna.svensson',
  upn: ANNA.userPrincipalName,
  source: 'on-premises',
} as const;

function isUnavailable(pattern: RegExp) {
  return (error: unknown) => error instanceof DirectoryUnavailableError && pattern.test(error.message);
}

describe('GraphDirectory against the Graph emulator', () => {
  const emulator = new GraphEmulator([ANNA, MOA]);
  let graph: GraphComponents;

  before(async () => {
    await emulator.start();
    graph = graphAgainst(emulator, { GRAPH_TIMEOUT_MS: '3000' });
  });
  after(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe('when a cloud-only user sets a new password', () => {
    it('PATCHes passwordProfile once, without forcing a change at next sign-in', async () => {
      await graph.directory.setPassword(MOA_REF, 'Kanelbulle42');
      const [patch] = emulator.graphRequests('PATCH');
      assert.equal(patch?.path, `/users/${MOA.id}`);
      assert.deepEqual(patch?.body, {
        passwordProfile: { password: 'Kanelbulle42', forceChangePasswordNextSignIn: false },
      });
      assert.equal(emulator.passwordOf(MOA.id), 'Kanelbulle42');
    });

    it('turns Entra’s complexity refusal into PasswordRejectedError(complexity)', async () => {
      await assert.rejects(
        graph.directory.setPassword(MOA_REF, 'kanelbulle'),
        (error: unknown) => error instanceof PasswordRejectedError && error.reasons.join() === 'complexity',
      );
    });

    it('says the lockout expires by itself, since Graph cannot unlock', async () => {
      assert.equal(await graph.directory.unlock(MOA_REF), 'cloud-lockout-expires-by-itself');
      assert.equal(emulator.graphRequests().length, 0);
    });
  });

  describe('when the account is synced from on-premises AD', () => {
    it('refuses to set the password or unlock, and sends nothing to Graph', async () => {
      await assert.rejects(
        graph.directory.setPassword(ANNA_REF, 'Kanelbulle42'),
        (error: unknown) =>
          error instanceof AccountNotWritableError &&
          /synced from AD; configure DIRECTORY=hybrid/.test(error.message),
      );
      await assert.rejects(graph.directory.unlock(ANNA_REF), AccountNotWritableError);
      assert.equal(emulator.graphRequests().length, 0);
    });
  });

  describe('when Graph throttles a read (429 with Retry-After)', () => {
    it('waits as told and succeeds within the budget', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      const account = await graph.users.findByUsername('moa.molnet@kommun.example');
      const elapsed = Date.now() - started;
      assert.equal(account?.id, MOA.id);
      const statuses = emulator.graphRequests().map((request) => request.status);
      assert.deepEqual(statuses, [429, 200, 200]);
      assert.equal(emulator.graphRequests()[1]?.headers['retry-attempt'], '1');
      assert.ok(elapsed >= 1000 && elapsed < 3000, `took ${elapsed} ms`);
    });

    it('gives up at once when Retry-After is beyond the budget', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 30 });
      const started = Date.now();
      await assert.rejects(
        graph.users.findByUsername('moa.molnet@kommun.example'),
        isUnavailable(/throttling/),
      );
      assert.ok(Date.now() - started < 1000);
      assert.equal(emulator.graphRequests().length, 1);
    });
  });

  describe('when Graph stays unavailable (503)', () => {
    it('fails with DirectoryUnavailableError within GRAPH_TIMEOUT_MS', async () => {
      emulator.failNext(20, { status: 503 });
      const started = Date.now();
      await assert.rejects(
        graph.users.findByUsername('moa.molnet@kommun.example'),
        DirectoryUnavailableError,
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 3000, `took ${elapsed} ms`);
      assert.ok(emulator.graphRequests().length >= 2, 'retried at least once');
    });
  });

  describe('when Graph answers slower than the budget', () => {
    it('stops waiting at GRAPH_TIMEOUT_MS', async () => {
      emulator.failNext(1, { delayMs: 5000 });
      const started = Date.now();
      await assert.rejects(
        graph.users.findByUsername('moa.molnet@kommun.example'),
        isUnavailable(/within 3000 ms/),
      );
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 2900 && elapsed < 3500, `took ${elapsed} ms`);
    });
  });

  describe('when a PATCH is throttled or fails', () => {
    it('is never retried: one request, DirectoryUnavailableError, password unchanged', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 0 });
      await assert.rejects(graph.directory.setPassword(MOA_REF, 'Semla2025!x'), DirectoryUnavailableError);
      emulator.failNext(1, { status: 503 });
      await assert.rejects(graph.directory.setPassword(MOA_REF, 'Semla2025!x'), DirectoryUnavailableError);
      assert.equal(emulator.graphRequests('PATCH').length, 2);
      assert.notEqual(emulator.passwordOf(MOA.id), 'Semla2025!x');
    });

    it('names the missing write permission on 403', async () => {
      emulator.deny('User-PasswordProfile.ReadWrite.All');
      await assert.rejects(
        graph.directory.setPassword(MOA_REF, 'Semla2025!x'),
        isUnavailable(/User-PasswordProfile\.ReadWrite\.All/),
      );
    });
  });

  describe('when the advanced-query header is missing', () => {
    it('the emulator answers Request_UnsupportedQuery, as Graph does', async () => {
      const response = await graph.api.get('/users', {
        filter: "onPremisesSamAccountName eq 'anna.svensson'",
        count: true,
      });
      assert.equal(response.status, 400);
      assert.equal((response.body as { error: { code: string } }).error.code, 'Request_UnsupportedQuery');
    });
  });

  describe('when the app credentials are wrong or the token is missing', () => {
    it('maps a refused client secret to DirectoryUnavailableError', async () => {
      const wrong = graphAgainst(emulator, {
        GRAPH_CLIENT_SECRET: 'not-the-secret',
        GRAPH_TIMEOUT_MS: '3000',
      });
      await assert.rejects(
        wrong.users.findByUsername('moa.molnet@kommun.example'),
        DirectoryUnavailableError,
      );
      assert.equal(emulator.graphRequests().length, 0);
    });

    it('answers 401 InvalidAuthenticationToken without a bearer token', async () => {
      const response = await fetchWithoutToken(emulator);
      assert.equal(response.status, 401);
      assert.equal((response.body as { error: { code: string } }).error.code, 'InvalidAuthenticationToken');
    });

    it('maps 401 for a token Graph no longer accepts to DirectoryUnavailableError naming the settings', async () => {
      const fresh = graphAgainst(emulator);
      await fresh.users.findByUsername('moa.molnet@kommun.example');
      emulator.revokeTokens();
      await assert.rejects(
        fresh.users.findByUsername('moa.molnet@kommun.example'),
        isUnavailable(/401 InvalidAuthenticationToken.*GRAPH_TENANT_ID, GRAPH_CLIENT_ID/),
      );
    });
  });
});

/** A Graph request without Authorization, over the emulator's own certificate. */
async function fetchWithoutToken(emulator: GraphEmulator): Promise<{ status: number; body: unknown }> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.baseUrl}/users/${MOA.id}`, { ca: emulator.certificatePem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
