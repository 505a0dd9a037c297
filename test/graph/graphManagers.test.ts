import assert from 'node:assert/strict';
import type { GraphComponents } from '../../src/graph';
import type { Account } from '../../src/reset/account';
import { DirectoryUnavailableError } from '../../src/reset/errors';
import type { MemoryLogStream } from '../support/memoryLog';
import { GraphEmulator, type EmulatedUser } from '../support/graphEmulator';
import { ANNA, graphAgainst, KARIN, MOA, OLLE } from './fixture';

const GONE_BOSS: EmulatedUser = {
  id: '3e4f5061-7283-4945-8b6c-7d8e9f0a1b2c',
  userPrincipalName: 'sven.slutat@kommun.example',
  displayName: 'Sven Slutat',
  accountEnabled: false,
  onPremisesSyncEnabled: null,
  onPremisesSamAccountName: null,
};
const ALL_GROUP = { id: '4f506172-8394-4a56-9c7d-8e9f0a1b2c3d', displayName: "IT-ombud (alla) o'boy" };
const SCHOOLS_GROUP = { id: '50617283-94a5-4b67-8d8e-9f0a1b2c3d4e', displayName: 'IT-ombud skolor' };

describe('Graph managers and approvers against the Graph emulator', () => {
  const emulator = new GraphEmulator([ANNA, MOA, OLLE, KARIN, GONE_BOSS]);
  let graph: GraphComponents & { log: MemoryLogStream };

  before(async () => {
    await emulator.start();
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    emulator.organisation.clear();
    emulator.organisation.setManager(ANNA.id, KARIN.id);
    emulator.organisation.setManager(MOA.id, {
      id: 'c0ffee00-0000-4000-8000-000000000001',
      displayName: 'Extern Konsult',
      mail: 'konsult@firma.example',
    });
    emulator.organisation.setManager(OLLE.id, GONE_BOSS.id);
    emulator.organisation.addGroup({ ...ALL_GROUP, members: [OLLE.id, SCHOOLS_GROUP.id] });
    emulator.organisation.addGroup({ ...SCHOOLS_GROUP, members: [KARIN.id, GONE_BOSS.id, ALL_GROUP.id] });
    graph = graphAgainst(emulator);
  });

  const ref = (user: EmulatedUser) => ({
    id: user.id,
    username: user.userPrincipalName,
    upn: user.userPrincipalName,
    source: 'cloud' as const,
  });
  const usernames = (accounts: readonly Account[]) => accounts.map((account) => account.username).sort();

  describe('when the user has a manager who is a user', () => {
    it('reads /users/{id}/manager with the fields the mapping needs, and no phone methods', async () => {
      const manager = await graph.directory.findManager(ref(ANNA));
      assert.deepEqual(manager, {
        id: KARIN.id,
        username: 'karin.lund',
        displayName: 'Karin Lund',
        upn: 'karin.lund@kommun.example',
        source: 'on-premises',
        enabled: true,
        locked: false,
        aadObjectId: KARIN.id,
      });
      const requests = emulator.graphRequests();
      assert.deepEqual(
        requests.map((request) => request.path),
        [`/users/${ANNA.id}/manager`],
      );
      assert.deepEqual(requests[0]?.query.get('$select')?.split(','), [
        'id',
        'userPrincipalName',
        'displayName',
        'accountEnabled',
        'onPremisesSyncEnabled',
        'onPremisesSamAccountName',
        'mobilePhone',
      ]);
    });

    it('returns a disabled manager as not enabled (the flow decides)', async () => {
      assert.equal((await graph.directory.findManager(ref(OLLE)))?.enabled, false);
    });
  });

  describe('when there is no manager to name', () => {
    it('answers undefined for Graph’s 404 Request_ResourceNotFound', async () => {
      emulator.organisation.setManager(ANNA.id, undefined);
      assert.equal(await graph.directory.findManager(ref(ANNA)), undefined);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.status),
        [404],
      );
    });

    it('ignores a manager who is an organisational contact, and logs it', async () => {
      assert.equal(await graph.directory.findManager(ref(MOA)), undefined);
      assert.equal(emulator.graphRequests()[0]?.status, 200);
      assert.ok(graph.log.entries().some((entry) => /not a user/.test(String(entry['msg']))));
    });

    it('answers undefined for an id that is no Entra object id, without asking Graph', async () => {
      assert.equal(await graph.directory.findManager({ ...ref(ANNA), id: "x' or 1 eq 1" }), undefined);
      assert.equal(emulator.graphRequests().length, 0);
    });
  });

  describe('when Graph throttles (429 with Retry-After)', () => {
    it('retries the manager read after the wait', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 1 });
      assert.equal((await graph.directory.findManager(ref(ANNA)))?.id, KARIN.id);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.status),
        [429, 200],
      );
    });

    it('gives DirectoryUnavailableError when the wait does not fit the budget', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 30 });
      await assert.rejects(graph.directory.findManager(ref(ANNA)), (error: unknown) => {
        assert.ok(error instanceof DirectoryUnavailableError);
        assert.match(error.message, /throttling/);
        return true;
      });
    });
  });

  describe('when the app lacks User.Read.All', () => {
    it('names the permission', async () => {
      emulator.deny('User.Read.All');
      await assert.rejects(graph.directory.findManager(ref(ANNA)), /User\.Read\.All/);
    });
  });

  describe('when the approver group is named by display name', () => {
    it('lists the enabled users, nested groups included, by an advanced query', async () => {
      graph = graphAgainst(emulator, {}, ALL_GROUP.displayName);
      const approvers = await graph.directory.findApprovers();
      assert.deepEqual(usernames(approvers), ['karin.lund', "o'brien"]);
      const [find, members] = emulator.graphRequests();
      assert.equal(find?.path, '/groups');
      assert.equal(find?.query.get('$filter'), "displayName eq 'IT-ombud (alla) o''boy'");
      assert.equal(members?.path, `/groups/${ALL_GROUP.id}/transitiveMembers/microsoft.graph.user`);
      assert.equal(members?.headers['consistencylevel'], 'eventual');
      assert.equal(members?.query.get('$count'), 'true');
      assert.equal(members?.status, 200);
    });

    it('follows @odata.nextLink until the last page', async () => {
      emulator.organisation.maxPageSize = 1;
      graph = graphAgainst(emulator, {}, ALL_GROUP.displayName);
      assert.deepEqual(usernames(await graph.directory.findApprovers()), ['karin.lund', "o'brien"]);
      const pages = emulator
        .graphRequests()
        .filter((request) => request.path.endsWith('microsoft.graph.user'));
      assert.equal(pages.length, 3);
      assert.ok(pages.slice(1).every((page) => page.query.get('$skiptoken') !== null));
      assert.ok(pages.every((page) => page.headers['consistencylevel'] === 'eventual'));
    });

    it('retries a throttled page', async () => {
      emulator.organisation.maxPageSize = 1;
      graph = graphAgainst(emulator, {}, ALL_GROUP.displayName);
      // The group lookup and the first page pass; the second page is throttled once.
      emulator.failNext(2, {});
      emulator.failNext(1, { status: 429, retryAfterSeconds: 1 });
      assert.equal((await graph.directory.findApprovers()).length, 2);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.status),
        [200, 200, 429, 200, 200],
      );
    });

    it('lists nobody, with a warning, when no group or several have the name', async () => {
      graph = graphAgainst(emulator, {}, 'Ingen sådan grupp');
      assert.deepEqual(await graph.directory.findApprovers(), []);
      emulator.organisation.addGroup({
        id: '61728394-a5b6-4c78-9e9f-0a1b2c3d4e5f',
        displayName: SCHOOLS_GROUP.displayName,
        members: [MOA.id],
      });
      graph = graphAgainst(emulator, {}, SCHOOLS_GROUP.displayName);
      assert.deepEqual(await graph.directory.findApprovers(), []);
      assert.ok(graph.log.entries().some((entry) => /several groups/.test(String(entry['msg']))));
    });

    it('names GroupMember.Read.All when the app lacks it', async () => {
      emulator.deny('GroupMember.Read.All');
      graph = graphAgainst(emulator, {}, ALL_GROUP.displayName);
      await assert.rejects(graph.directory.findApprovers(), (error: unknown) => {
        assert.ok(error instanceof DirectoryUnavailableError);
        assert.match(error.message, /GroupMember\.Read\.All/);
        return true;
      });
    });
  });

  describe('when the approver group is given by object id', () => {
    it('lists its members without looking the name up', async () => {
      graph = graphAgainst(emulator, {}, SCHOOLS_GROUP.id.toUpperCase());
      assert.deepEqual(usernames(await graph.directory.findApprovers()), ['karin.lund', "o'brien"]);
      assert.equal(emulator.graphRequests().length, 1);
    });

    it('lists nobody for an id no group has', async () => {
      graph = graphAgainst(emulator, {}, '00000000-0000-4000-8000-000000000000');
      assert.deepEqual(await graph.directory.findApprovers(), []);
      assert.ok(graph.log.entries().some((entry) => /not in Entra ID/.test(String(entry['msg']))));
    });
  });

  describe('when no approver group is configured', () => {
    it('lists nobody without asking Graph', async () => {
      assert.deepEqual(await graph.directory.findApprovers(), []);
      assert.equal(emulator.graphRequests().length, 0);
    });
  });

  describe('when a next page points elsewhere', () => {
    it('is not followed, so the token goes nowhere else', async () => {
      await assert.rejects(
        graph.api.getNextPage('https://graph.evil.example/v1.0/groups?$skiptoken=x'),
        DirectoryUnavailableError,
      );
      assert.equal(emulator.graphRequests().length, 0);
    });
  });
});
