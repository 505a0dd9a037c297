import assert from 'node:assert/strict';
import { entraObjectId, fileTimeToDate, toAdAccount, type LdapEntry } from '../../src/ad/adEntry';
import { bytesFromGuid, guidFromBytes } from '../../src/ad/objectGuid';

const mapping = {
  mobileAttribute: 'mobile',
  defaultRegion: 'SE' as const,
  now: new Date('2026-03-10T08:00:00Z'),
};

/** As ldapts returned it from Samba 4.17 after three failed binds (absent attributes come back as []). */
function lockedSara(): LdapEntry {
  return {
    dn: 'CN=shape.sara,OU=Employees,DC=reset,DC=test',
    displayName: 'Sara Shape',
    objectGUID: Buffer.from('1e1ce7780809244c91f30d22c165f016', 'hex'),
    userAccountControl: '66048',
    accountExpires: '9223372036854775807',
    sAMAccountName: 'shape.sara',
    userPrincipalName: 'shape.sara@reset.test',
    mobile: '070-123 45 67',
    lockoutTime: '134400844604908230',
    'msDS-User-Account-Control-Computed': '16',
    adminCount: [],
  };
}

describe('toAdAccount', () => {
  describe('when the entry is a locked employee', () => {
    it('maps the GUID, names, E.164 mobile and the computed lockout', () => {
      const { account, protected: isProtected, lockoutTimeSet, dn } = toAdAccount(lockedSara(), mapping);
      assert.deepEqual(account, {
        id: '78e71c1e-0908-4c24-91f3-0d22c165f016',
        username: 'shape.sara',
        displayName: 'Sara Shape',
        upn: 'shape.sara@reset.test',
        source: 'on-premises',
        enabled: true,
        locked: true,
        mobile: '+46701234567',
      });
      assert.equal(isProtected, false);
      assert.equal(lockoutTimeSet, true);
      assert.equal(dn, 'CN=shape.sara,OU=Employees,DC=reset,DC=test');
    });
  });

  describe('when the lockout duration has passed', () => {
    it('is not locked although lockoutTime is still set (AD clears it only at the next sign-in)', () => {
      const entry = { ...lockedSara(), 'msDS-User-Account-Control-Computed': '0' };
      const mapped = toAdAccount(entry, mapping);
      assert.equal(mapped.account.locked, false);
      assert.equal(mapped.lockoutTimeSet, true);
    });
  });

  describe('when the DC does not return the computed flags', () => {
    it('falls back to lockoutTime', () => {
      const { 'msDS-User-Account-Control-Computed': _computed, ...entry } = lockedSara();
      assert.equal(toAdAccount(entry as LdapEntry, mapping).account.locked, true);
      assert.equal(toAdAccount({ ...entry, lockoutTime: '0' }, mapping).account.locked, false);
    });
  });

  describe('when the account is disabled, expired or protected', () => {
    it('reports a disabled account (userAccountControl 0x2) as not enabled', () => {
      assert.equal(
        toAdAccount({ ...lockedSara(), userAccountControl: '66050' }, mapping).account.enabled,
        false,
      );
    });

    it('reports an account whose accountExpires has passed as not enabled, and "0" as never', () => {
      const expired = toAdAccount({ ...lockedSara(), accountExpires: '133800000000000000' }, mapping);
      assert.equal(expired.account.enabled, false);
      assert.equal(toAdAccount({ ...lockedSara(), accountExpires: '0' }, mapping).account.enabled, true);
      const future = toAdAccount({ ...lockedSara(), accountExpires: '139000000000000000' }, mapping);
      assert.equal(future.account.enabled, true);
    });

    it('marks adminCount=1 as protected', () => {
      assert.equal(toAdAccount({ ...lockedSara(), adminCount: '1' }, mapping).protected, true);
    });
  });

  describe('when the mobile attribute is missing, odd or configured differently', () => {
    it('leaves mobile out and flags a value that is not a number', () => {
      const none = toAdAccount({ ...lockedSara(), mobile: [] }, mapping);
      assert.equal(none.account.mobile, undefined);
      assert.equal(none.unusableMobile, false);
      const odd = toAdAccount({ ...lockedSara(), mobile: 'ring växeln' }, mapping);
      assert.equal(odd.account.mobile, undefined);
      assert.equal(odd.unusableMobile, true);
    });

    it('reads the configured attribute, whatever its case', () => {
      const entry = { ...lockedSara(), mobile: [], otherMobile: '+46 (0)70-999 88 77' };
      const mapped = toAdAccount(entry, { ...mapping, mobileAttribute: 'othermobile' });
      assert.equal(mapped.account.mobile, '+46709998877');
    });
  });

  describe('when an Entra object id attribute is configured', () => {
    it('reads msDS-ExternalDirectoryObjectId written back by Entra Connect', () => {
      const entry = {
        ...lockedSara(),
        'msDS-ExternalDirectoryObjectId': 'User_6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01',
      };
      const mapped = toAdAccount(entry, {
        ...mapping,
        aadObjectIdAttribute: 'msDS-ExternalDirectoryObjectId',
      });
      assert.equal(mapped.account.aadObjectId, '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01');
    });
  });

  describe('when the entry lacks what identifies it', () => {
    it('throws for a missing objectGUID or sAMAccountName', () => {
      assert.throws(() => toAdAccount({ ...lockedSara(), objectGUID: [] }, mapping), /objectGUID/);
      assert.throws(() => toAdAccount({ ...lockedSara(), sAMAccountName: [] }, mapping), /sAMAccountName/);
    });

    it('falls back to sAMAccountName for a missing displayName and UPN', () => {
      const { account } = toAdAccount({ ...lockedSara(), displayName: [], userPrincipalName: [] }, mapping);
      assert.equal(account.displayName, 'shape.sara');
      assert.equal(account.upn, 'shape.sara');
    });
  });
});

describe('objectGUID', () => {
  it('reads the mixed-endian bytes as AD tools print the GUID, and back', () => {
    const bytes = Buffer.from('1e1ce7780809244c91f30d22c165f016', 'hex');
    assert.equal(guidFromBytes(bytes), '78e71c1e-0908-4c24-91f3-0d22c165f016');
    assert.deepEqual(bytesFromGuid('78E71C1E-0908-4C24-91F3-0D22C165F016'), bytes);
    assert.throws(() => bytesFromGuid('*'), RangeError);
  });
});

describe('entraObjectId and fileTimeToDate', () => {
  it('accepts a bare GUID or User_<guid> and nothing else', () => {
    assert.equal(
      entraObjectId('6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01'),
      '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
    );
    assert.equal(entraObjectId('Group_6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01'), undefined);
    assert.equal(entraObjectId(undefined), undefined);
  });

  it('converts a FILETIME (100 ns since 1601) to a date', () => {
    assert.equal(fileTimeToDate(116_444_736_000_000_000n).toISOString(), '1970-01-01T00:00:00.000Z');
  });
});
