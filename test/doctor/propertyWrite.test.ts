import assert from 'node:assert/strict';
import type { Client, Entry } from 'ldapts';
import type { AdConfig } from '../../src/config';
import { bytesFromGuid } from '../../src/ad/objectGuid';
import { ownNumberWrite } from '../../src/doctor/ownNumberCheck';
import {
  everyEmployeeSids,
  MOBILE_ATTRIBUTE,
  PERSONAL_INFORMATION,
  propertyWrite,
  sddlDaclEntries,
} from '../../src/doctor/propertyWrite';
import { daclEntries } from '../../src/doctor/securityDescriptor';

const DOMAIN = 'S-1-5-21-1004336348-1177238915-682003330';
const SELF = 'S-1-5-10';
const SERVICE_DESK = `${DOMAIN}-1104`;
const TELEPHONE_NUMBER = 'bf967a49-0de6-11d0-a285-00aa003049e2';
const mobile = { attribute: MOBILE_ATTRIBUTE, propertySet: PERSONAL_INFORMATION };
const employees = everyEmployeeSids(DOMAIN);

const READ_PROP = 0x10;
const WRITE_PROP = 0x20;
const GENERIC_WRITE = 0x40000000;
const INHERIT_ONLY = 0x08;
const INHERITED = 0x10;

interface TestAce {
  readonly allow: boolean;
  readonly sid: string;
  readonly mask: number;
  readonly objectType?: string;
  readonly flags?: number;
}

function sidBytes(sid: string): Buffer {
  const [, revision = '1', authority = '0', ...subs] = sid.split('-');
  const bytes = Buffer.alloc(8 + subs.length * 4);
  bytes.writeUInt8(Number(revision), 0);
  bytes.writeUInt8(subs.length, 1);
  bytes.writeUIntBE(Number(authority), 2, 6);
  subs.forEach((sub, i) => bytes.writeUInt32LE(Number(sub), 8 + i * 4));
  return bytes;
}

/** A self-relative security descriptor (MS-DTYP 2.4.6) holding only a DACL, as AD returns with the SD-flags control. */
function descriptor(aces: readonly TestAce[]): Buffer {
  const encoded = aces.map((ace) => {
    const objectAce = ace.objectType !== undefined;
    const body = Buffer.concat([
      ...(objectAce ? [Buffer.from([1, 0, 0, 0]), bytesFromGuid(ace.objectType ?? '')] : []),
      sidBytes(ace.sid),
    ]);
    const head = Buffer.alloc(8);
    head.writeUInt8(objectAce ? (ace.allow ? 5 : 6) : ace.allow ? 0 : 1, 0);
    head.writeUInt8(ace.flags ?? 0, 1);
    head.writeUInt16LE(8 + body.length, 2);
    head.writeUInt32LE(ace.mask >>> 0, 4);
    return Buffer.concat([head, body]);
  });
  const acl = Buffer.alloc(8);
  acl.writeUInt8(4, 0);
  acl.writeUInt16LE(8 + encoded.reduce((sum, ace) => sum + ace.length, 0), 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header.writeUInt8(1, 0);
  header.writeUInt16LE(0x8004, 2); // self-relative, DACL present
  header.writeUInt32LE(20, 16);
  return Buffer.concat([header, acl, ...encoded]);
}

const judge = (aces: readonly TestAce[]) => propertyWrite(daclEntries(descriptor(aces)), mobile, employees);

/** The grant every AD user object gets from the schema's default: SELF reads and writes Personal-Information. */
const SELF_PERSONAL_INFORMATION: TestAce = {
  allow: true,
  sid: SELF,
  mask: READ_PROP | WRITE_PROP,
  objectType: PERSONAL_INFORMATION,
};

describe('propertyWrite (who may write the SMS number attribute)', () => {
  describe("when the account has AD's default grant", () => {
    it('finds SELF may write mobile through the Personal-Information property set', () => {
      assert.deepEqual(judge([SELF_PERSONAL_INFORMATION]), {
        outcome: 'granted',
        sid: SELF,
        via: 'property set',
      });
    });
  });

  describe('when an explicit deny of mobile comes before the grant', () => {
    it('is closed', () => {
      const deny = { allow: false, sid: SELF, mask: WRITE_PROP, objectType: MOBILE_ATTRIBUTE };
      assert.deepEqual(judge([deny, SELF_PERSONAL_INFORMATION]), { outcome: 'denied' });
    });
  });

  describe('when the deny is inherited from the OU (after the explicit grant)', () => {
    it('is still open, as in AD, where explicit entries decide first', () => {
      const inheritedDeny = {
        allow: false,
        sid: SELF,
        mask: WRITE_PROP,
        objectType: MOBILE_ATTRIBUTE,
        flags: INHERITED,
      };
      assert.equal(judge([SELF_PERSONAL_INFORMATION, inheritedDeny]).outcome, 'granted');
    });
  });

  describe('when the grant does not reach mobile', () => {
    it('ignores inherit-only entries, read-only entries, other attributes and groups not all users are in', () => {
      assert.deepEqual(
        judge([
          { ...SELF_PERSONAL_INFORMATION, flags: INHERIT_ONLY },
          { allow: true, sid: SELF, mask: READ_PROP, objectType: MOBILE_ATTRIBUTE },
          { allow: true, sid: SELF, mask: WRITE_PROP, objectType: TELEPHONE_NUMBER },
          { allow: true, sid: SERVICE_DESK, mask: WRITE_PROP, objectType: MOBILE_ATTRIBUTE },
        ]),
        { outcome: 'absent' },
      );
    });
  });

  describe('when a group every user is in may write all properties', () => {
    it('names Authenticated Users, or Domain Users by the domain SID', () => {
      assert.deepEqual(judge([{ allow: true, sid: 'S-1-5-11', mask: WRITE_PROP }]), {
        outcome: 'granted',
        sid: 'S-1-5-11',
        via: 'all',
      });
      assert.deepEqual(judge([{ allow: true, sid: `${DOMAIN}-513`, mask: GENERIC_WRITE }]), {
        outcome: 'granted',
        sid: `${DOMAIN}-513`,
        via: 'all',
      });
    });
  });

  describe("when the user class's defaultSecurityDescriptor (SDDL) is judged", () => {
    const DEFAULT =
      'O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)(OA;;CR;ab721a53-1e2f-11d0-9819-00aa0040529b;;PS)' +
      '(OA;;RPWP;77B5B886-944A-11d1-AEBD-0000F80367C1;;PS)(A;;RC;;;AU)S:AI(AU;SA;CR;;;DU)';

    it("finds AD's default grant to SELF", () => {
      assert.deepEqual(propertyWrite(sddlDaclEntries(DEFAULT, DOMAIN), mobile, employees), {
        outcome: 'granted',
        sid: SELF,
        via: 'property set',
      });
    });

    it('is closed once SELF only reads it, and reads Domain Users and inherit-only flags', () => {
      const closed = DEFAULT.replace('(OA;;RPWP;77B5', '(OA;;RP;77B5');
      assert.deepEqual(propertyWrite(sddlDaclEntries(closed, DOMAIN), mobile, employees), {
        outcome: 'absent',
      });
      assert.equal(
        propertyWrite(sddlDaclEntries('D:(A;;WP;;;DU)', DOMAIN), mobile, employees).outcome,
        'granted',
      );
      assert.equal(
        propertyWrite(sddlDaclEntries('D:(A;CIIO;WP;;;DU)', DOMAIN), mobile, employees).outcome,
        'absent',
      );
    });
  });
});

describe('ownNumberWrite (the doctor line)', () => {
  const config: AdConfig = {
    urls: ['ldaps://dc1.kommun.local'],
    baseDn: 'OU=Anställda,DC=kommun,DC=local',
    bindDn: 'CN=svc-reset,OU=Service,DC=kommun,DC=local',
    bindPassword: 'unused',
    timeoutMs: 1000,
    enforceHistory: true,
    mobileAttribute: 'mobile',
    allowProtected: false,
  };
  /** A DC answering the rootDSE and the schema search; only `search` is used. */
  const dc = (userDefault: string): Pick<Client, 'search'> => {
    const root: Entry[] = [{ dn: '', schemaNamingContext: 'CN=Schema,CN=Configuration,DC=kommun,DC=local' }];
    const schema: Entry[] = [
      {
        dn: 'CN=Mobile,CN=Schema,CN=Configuration,DC=kommun,DC=local',
        lDAPDisplayName: 'mobile',
        schemaIDGUID: bytesFromGuid(MOBILE_ATTRIBUTE),
        attributeSecurityGUID: bytesFromGuid(PERSONAL_INFORMATION),
      },
      {
        dn: 'CN=User,CN=Schema,CN=Configuration,DC=kommun,DC=local',
        lDAPDisplayName: 'user',
        defaultSecurityDescriptor: userDefault,
      },
    ];
    return {
      search: (base: unknown) =>
        Promise.resolve({ searchReferences: [], searchEntries: base === '' ? root : schema }),
    };
  };
  const account = (aces: readonly TestAce[]) => ({
    name: 'anna.svensson',
    descriptor: descriptor(aces),
    objectSid: sidBytes(`${DOMAIN}-1105`),
  });

  describe("when AD's default is in place", () => {
    it('warns that the account itself may change the number, with the dsacls command that closes it', async () => {
      const result = await ownNumberWrite(
        dc('D:(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)'),
        config,
        account([SELF_PERSONAL_INFORMATION]),
      );
      assert.equal(result.status, 'warn');
      assert.equal(result.title, 'Employees cannot write their own mobile (SMS number)');
      assert.match(
        result.detail ?? '',
        /the account itself \(SELF\) may write it on anna\.svensson \(through the Personal-Information property set\)/,
      );
      assert.match(
        result.fix ?? '',
        /Get-ADUser -SearchBase "OU=Anställda,DC=kommun,DC=local" -Filter \* \| ForEach-Object \{ dsacls \$_\.DistinguishedName \/D "SELF:WP;mobile" \}/,
      );
    });
  });

  describe('when existing accounts are closed but the schema default still grants it', () => {
    it('warns about new accounts', async () => {
      const deny = { allow: false, sid: SELF, mask: WRITE_PROP, objectType: MOBILE_ATTRIBUTE };
      const result = await ownNumberWrite(
        dc('D:(OA;;RPWP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)'),
        config,
        account([deny, SELF_PERSONAL_INFORMATION]),
      );
      assert.equal(result.status, 'warn');
      assert.match(result.detail ?? '', /^closed on anna\.svensson, but new accounts get it/);
    });
  });

  describe('when neither the account nor the default lets users write it', () => {
    it('passes', async () => {
      const result = await ownNumberWrite(
        dc('D:(OA;;RP;77b5b886-944a-11d1-aebd-0000f80367c1;;PS)'),
        config,
        account([]),
      );
      assert.equal(result.status, 'pass');
    });
  });

  describe('when the security descriptor was not returned', () => {
    it('warns that it could not be verified', async () => {
      const result = await ownNumberWrite(dc(''), config, {
        name: 'anna.svensson',
        descriptor: undefined,
        objectSid: undefined,
      });
      assert.equal(result.status, 'warn');
      assert.match(result.detail ?? '', /could not be verified/);
    });
  });
});
