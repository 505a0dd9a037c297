import assert from 'node:assert/strict';
import { adAccountId, cloudAccountId, parseHybridAccountId } from '../../src/hybrid/accountId';
import { mergeSynced } from '../../src/hybrid/hybridDirectory';
import { HybridDirectory } from '../../src/hybrid';
import type { Account } from '../../src/reset/account';
import { AccountNotWritableError } from '../../src/reset/errors';
import { toPhoneNumber } from '../../src/reset/account';
import { memoryLogger } from '../support/memoryLog';

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
