import assert from 'node:assert/strict';
import type { GraphComponents } from '../../src/graph';
import { DirectoryUnavailableError } from '../../src/reset/errors';
import { GraphEmulator } from '../support/graphEmulator';
import { ANNA, graphAgainst, MOA, OLLE } from './fixture';

describe('GraphUsers against the Graph emulator', () => {
  const emulator = new GraphEmulator([ANNA, MOA, OLLE]);
  let graph: GraphComponents;

  before(async () => {
    await emulator.start();
    graph = graphAgainst(emulator, { DEFAULT_UPN_SUFFIX: 'kommun.example' });
  });
  after(() => emulator.stop());
  beforeEach(() => emulator.reset());

  describe('when a bare username is typed', () => {
    it('finds a synced user by sAMAccountName with an advanced query and a bearer token', async () => {
      const account = await graph.users.findByUsername('Anna.Svensson');
      assert.equal(account?.id, ANNA.id);
      assert.equal(account?.username, 'anna.svensson');
      assert.equal(account?.source, 'on-premises');
      const [search] = emulator.graphRequests();
      assert.equal(search?.path, '/users');
      assert.equal(search?.query.get('$filter'), "onPremisesSamAccountName eq 'anna.svensson'");
      assert.equal(search?.query.get('$count'), 'true');
      assert.equal(search?.headers['consistencylevel'], 'eventual');
      assert.deepEqual(search?.query.get('$select')?.split(','), [
        'id',
        'userPrincipalName',
        'displayName',
        'accountEnabled',
        'onPremisesSyncEnabled',
        'onPremisesSamAccountName',
        'mobilePhone',
      ]);
      assert.match(String(search?.headers.authorization), /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    });

    it('falls back to username@DEFAULT_UPN_SUFFIX when no sAMAccountName matches (cloud-only)', async () => {
      const account = await graph.users.findByUsername('moa.molnet');
      assert.equal(account?.id, MOA.id);
      assert.equal(account?.source, 'cloud');
      assert.equal(account?.username, 'moa.molnet@kommun.example', 'a cloud-only user is known by UPN');
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.path),
        ['/users', '/users/moa.molnet@kommun.example', `/users/${MOA.id}/authentication/phoneMethods`],
      );
    });

    it('answers undefined for nobody, after both lookups, without an error', async () => {
      assert.equal(await graph.users.findByUsername('nobody.here'), undefined);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.status),
        [200, 404],
      );
    });

    it('does not append the suffix when none is configured', async () => {
      const withoutSuffix = graphAgainst(emulator);
      assert.equal(await withoutSuffix.users.findByUsername('moa.molnet'), undefined);
      assert.equal(emulator.graphRequests().length, 1);
    });
  });

  describe('when a UPN is typed', () => {
    it('reads /users/{upn} directly', async () => {
      const account = await graph.users.findByUsername('moa.molnet@kommun.example');
      assert.equal(account?.id, MOA.id);
      assert.equal(emulator.graphRequests()[0]?.path, '/users/moa.molnet@kommun.example');
    });
  });

  describe('when the username tries OData injection', () => {
    it('refuses what the username parser refuses without asking Graph', async () => {
      assert.equal(await graph.users.findByUsername("anna' or startswith(userPrincipalName,'a"), undefined);
      assert.equal(await graph.users.findByUsername("x' or 1 eq 1"), undefined);
      assert.equal(emulator.graphRequests().length, 0);
    });

    it("doubles a quote the parser allows (o'brien) and finds exactly that account", async () => {
      const account = await graph.users.findByUsername("o'brien");
      assert.equal(account?.id, OLLE.id);
      assert.equal(
        emulator.graphRequests()[0]?.query.get('$filter'),
        "onPremisesSamAccountName eq 'o''brien'",
      );
    });
  });

  describe('when the SMS number is read from phone methods', () => {
    it('uses the mobile method only, in E.164, ignoring office and alternateMobile', async () => {
      const account = await graph.users.findByUsername('anna.svensson');
      assert.equal(account?.mobile, '+46701740605');
    });

    it('leaves a user with only a directory mobilePhone without a number by default', async () => {
      const account = await graph.users.findByUsername("o'brien");
      assert.equal(account?.mobile, undefined);
    });

    it('falls back to mobilePhone when SMS_ALLOW_DIRECTORY_MOBILE=true', async () => {
      const allowing = graphAgainst(emulator, { SMS_ALLOW_DIRECTORY_MOBILE: 'true' });
      const account = await allowing.users.findByUsername("o'brien");
      assert.equal(account?.mobile, '+46701234589');
    });

    it('names the missing permission when phone methods are forbidden', async () => {
      emulator.deny('UserAuthMethod-Phone.Read.All');
      await assert.rejects(
        graph.users.findByUsername('anna.svensson'),
        (error: unknown) =>
          error instanceof DirectoryUnavailableError && /UserAuthMethod-Phone\.Read\.All/.test(error.message),
      );
    });
  });

  describe('when the Teams user is looked up by object id', () => {
    it('finds the account by id and ignores what is not a GUID', async () => {
      assert.equal((await graph.users.findByAadObjectId(ANNA.id))?.upn, ANNA.userPrincipalName);
      assert.equal(await graph.users.findByAadObjectId('../users'), undefined);
      assert.equal(await graph.users.findByAadObjectId('00000000-0000-4000-8000-000000000000'), undefined);
    });
  });

  describe('when Graph answers with odd or missing fields', () => {
    it('treats a user without accountEnabled as disabled and an odd phone as none', async () => {
      emulator.addUser({
        id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
        userPrincipalName: 'udda@kommun.example',
        onPremisesSamAccountName: 'udda',
        phoneMethods: [{ id: 'x', phoneNumber: 'ring växeln', phoneType: 'mobile' }],
        extra: { unexpected: { nested: true } },
      });
      const account = await graph.users.findByUsername('udda');
      assert.equal(account?.enabled, false);
      assert.equal(account?.mobile, undefined);
      assert.equal(account?.displayName, 'udda@kommun.example');
    });
  });
});
