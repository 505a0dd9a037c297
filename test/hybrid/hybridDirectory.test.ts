import assert from 'node:assert/strict';
import { adAccountId, cloudAccountId, parseHybridAccountId } from '../../src/hybrid/accountId';
import { mergeSynced } from '../../src/hybrid/hybridDirectory';
import { HybridDirectory } from '../../src/hybrid';
import type { OnPremSide } from '../../src/hybrid/hybridDirectory';
import type { Account } from '../../src/reset/account';
import { AccountNotWritableError } from '../../src/reset/errors';
import { toPhoneNumber } from '../../src/reset/account';
import { memoryLogger } from '../support/memoryLog';
import { GraphEmulator, type EmulatedUser } from '../support/graphEmulator';
import { graphAgainst, KARIN, MOA } from '../graph/fixture';

const GUID = '0f1e2d3c-4b5a-4968-8776-655443322110';

describe('hybrid account ids', () => {
  describe('when an id was issued by the hybrid directory', () => {
    it('tells the AD objectGUID from the Entra object id', () => {
      assert.deepEqual(parseHybridAccountId(adAccountId(GUID)), { side: 'ad', objectGuid: GUID });
      assert.deepEqual(parseHybridAccountId(cloudAccountId(GUID)), { side: 'cloud', objectId: GUID });
    });
  });

  describe('when an id comes from another mode', () => {
    it('is not recognised', () => {
      for (const id of [GUID, 'ad:', 'demo:anna', 'anna.svensson', ''])
        assert.equal(parseHybridAccountId(id), undefined, id);
    });
  });
});

describe('mergeSynced', () => {
  const cloud: Account = {
    id: 'aad-id',
    username: 'anna.svensson',
    displayName: 'Anna Svensson',
    upn: 'anna.svensson@kommun.example',
    source: 'on-premises',
    enabled: true,
    locked: false,
    mobile: toPhoneNumber('+46701740605')!,
    aadObjectId: 'aad-id',
  };
  const onPrem: Account = {
    ...cloud,
    id: GUID,
    displayName: 'Svensson Anna',
    enabled: false,
    locked: true,
    mobile: toPhoneNumber('+46700000001')!,
  };

  describe('when Graph and AD both know the account', () => {
    it('takes identity, enabled and lockout from AD and the SMS number from Graph', () => {
      assert.deepEqual(mergeSynced(cloud, onPrem), {
        id: `ad:${GUID}`,
        username: 'anna.svensson',
        displayName: 'Anna Svensson',
        upn: 'anna.svensson@kommun.example',
        source: 'on-premises',
        enabled: false,
        locked: true,
        mobile: '+46701740605',
        aadObjectId: 'aad-id',
      });
    });
  });
});

describe('HybridDirectory', () => {
  const refuse = () => Promise.reject(new Error('must not be called'));
  const directory = new HybridDirectory(
    { findByUsername: refuse, findByAadObjectId: refuse },
    { unlock: refuse, setPassword: refuse },
    { findByUsername: refuse, unlock: refuse, setPassword: refuse },
    memoryLogger().logger,
  );

  describe('when asked to write an account id it did not issue', () => {
    it('refuses without calling either directory', async () => {
      const ref = { id: GUID, username: 'anna', upn: 'anna@kommun.example', source: 'on-premises' as const };
      await assert.rejects(directory.unlock(ref), AccountNotWritableError);
      await assert.rejects(directory.setPassword(ref, 'Kanelbulle42'), AccountNotWritableError);
    });
  });
});

describe('HybridDirectory managers and approvers (Graph emulator, AD side in memory)', () => {
  const ANNA_GUID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c01';
  const KARIN_GUID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c02';
  const PER_GUID = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c03';
  /** Synced, but disabled in AD since the last sync. */
  const PER: EmulatedUser = {
    id: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
    userPrincipalName: 'per.pension@kommun.example',
    displayName: 'Per Pension',
    accountEnabled: true,
    onPremisesSyncEnabled: true,
    onPremisesSamAccountName: 'per.pension',
  };
  const onPrem = (id: string, username: string, extra: Partial<Account> = {}): Account => ({
    id,
    username,
    displayName: username,
    upn: `${username}@kommun.example`,
    source: 'on-premises',
    enabled: true,
    locked: false,
    ...extra,
  });
  const adAccounts = new Map<string, Account>([
    ['karin.lund', onPrem(KARIN_GUID, 'karin.lund')],
    ['per.pension', onPrem(PER_GUID, 'per.pension', { enabled: false })],
  ]);
  /** AD's `manager`, by the objectGUID of the account. */
  const adManagers = new Map<string, Account>();
  const ad: OnPremSide = {
    findByUsername: (username) => Promise.resolve(adAccounts.get(username)),
    findManager: (ref) => Promise.resolve(adManagers.get(ref.id)),
    unlock: () => Promise.reject(new Error('must not be called')),
    setPassword: () => Promise.reject(new Error('must not be called')),
  };
  const emulator = new GraphEmulator([KARIN, MOA, PER]);
  const GROUP = { id: '1b2c3d4e-5f60-4718-9a2b-3c4d5e6f7081', displayName: 'IT-ombud' };

  before(() => emulator.start());
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    emulator.organisation.clear();
    adManagers.clear();
  });

  function hybrid() {
    const { users, directory, log } = graphAgainst(emulator, {}, GROUP.displayName);
    return { directory: new HybridDirectory(users, directory, ad, memoryLogger().logger), log };
  }
  const synced = (guid: string) => ({
    id: `ad:${guid}`,
    username: 'anna.svensson',
    upn: 'anna.svensson@kommun.example',
    source: 'on-premises' as const,
  });

  describe('when a synced account has a manager in AD', () => {
    it('gives the manager with their Entra object id, so Teams can reach them', async () => {
      adManagers.set(ANNA_GUID, onPrem(KARIN_GUID, 'karin.lund'));
      const manager = await hybrid().directory.findManager(synced(ANNA_GUID));
      assert.equal(manager?.id, `ad:${KARIN_GUID}`);
      assert.equal(manager?.aadObjectId, KARIN.id);
      assert.equal(manager?.displayName, 'Karin Lund', 'the name as Entra ID shows it');
      assert.equal(manager?.enabled, true);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.path),
        ['/users', `/users/${KARIN.id}/authentication/phoneMethods`],
      );
    });

    it('asks Graph nothing when AD already holds the Entra object id', async () => {
      adManagers.set(ANNA_GUID, onPrem(KARIN_GUID, 'karin.lund', { aadObjectId: KARIN.id }));
      const manager = await hybrid().directory.findManager(synced(ANNA_GUID));
      assert.equal(manager?.id, `ad:${KARIN_GUID}`);
      assert.equal(manager?.aadObjectId, KARIN.id);
      assert.equal(emulator.graphRequests().length, 0);
    });

    it('gives the AD account without an object id when Entra ID does not know it', async () => {
      adManagers.set(ANNA_GUID, onPrem(KARIN_GUID, 'chef.osynkad'));
      const manager = await hybrid().directory.findManager(synced(ANNA_GUID));
      assert.equal(manager?.id, `ad:${KARIN_GUID}`);
      assert.equal(manager?.aadObjectId, undefined);
    });

    it('gives none when AD names none', async () => {
      assert.equal(await hybrid().directory.findManager(synced(ANNA_GUID)), undefined);
    });
  });

  describe('when a cloud-only account has a manager in Entra ID', () => {
    it('reads /manager and takes a synced manager’s identity from AD', async () => {
      emulator.organisation.setManager(MOA.id, KARIN.id);
      const ref = {
        id: `cloud:${MOA.id}`,
        username: MOA.userPrincipalName,
        upn: MOA.userPrincipalName,
        source: 'cloud' as const,
      };
      const manager = await hybrid().directory.findManager(ref);
      assert.equal(manager?.id, `ad:${KARIN_GUID}`);
      assert.equal(manager?.aadObjectId, KARIN.id);
      assert.equal(emulator.graphRequests()[0]?.path, `/users/${MOA.id}/manager`);
    });
  });

  describe('when an account id is not the hybrid directory’s', () => {
    it('gives no manager', async () => {
      assert.equal(await hybrid().directory.findManager({ ...synced(ANNA_GUID), id: ANNA_GUID }), undefined);
    });
  });

  describe('when the approver group is listed', () => {
    it('reads it in Entra ID and each synced member from AD; disabled in AD is left out', async () => {
      emulator.organisation.addGroup({ ...GROUP, members: [KARIN.id, MOA.id, PER.id] });
      const approvers = await hybrid().directory.findApprovers();
      assert.deepEqual(
        approvers.map((account) => [account.id, account.aadObjectId]),
        [
          [`ad:${KARIN_GUID}`, KARIN.id],
          [`cloud:${MOA.id}`, MOA.id],
        ],
      );
    });
  });
});
