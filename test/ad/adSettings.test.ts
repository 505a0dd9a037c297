import assert from 'node:assert/strict';
import { BerWriter } from 'ldapts';
import { ConstraintViolationError, InsufficientAccessError, UnavailableCriticalExtensionError } from 'ldapts';
import { writeFailed, HistoryEnforcementUnsupportedError } from '../../src/ad/adErrors';
import { PolicyHintsControl, POLICY_HINTS_OID } from '../../src/ad/policyHintsControl';
import { encodePassword } from '../../src/ad/activeDirectory';
import { ConfigError, loadConfig } from '../../src/config';
import { AccountNotWritableError, PasswordRejectedError } from '../../src/reset/errors';

/** A real directory or SMS provider without bot credentials is refused unless a test says so (SECURITY.md). */
const AD = {
  ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
  DIRECTORY: 'ad',
  AD_URLS: 'ldaps://dc1.kommun.local, ldaps://dc2.kommun.local',
  AD_BASE_DN: 'OU=Anställda,DC=kommun,DC=local',
  AD_BIND_DN: 'CN=svc-reset,OU=Service,DC=kommun,DC=local',
  AD_BIND_PASSWORD: 'service-password',
};

describe('DIRECTORY=ad settings', () => {
  describe('when the required settings are given', () => {
    it('gives a typed ad config with safe defaults (history enforced, protected accounts refused)', () => {
      const config = loadConfig(AD);
      assert.equal(config.directory.kind, 'ad');
      assert.deepEqual(config.ad, {
        urls: ['ldaps://dc1.kommun.local', 'ldaps://dc2.kommun.local'],
        baseDn: AD.AD_BASE_DN,
        bindDn: AD.AD_BIND_DN,
        bindPassword: 'service-password',
        timeoutMs: 4000,
        enforceHistory: true,
        mobileAttribute: 'mobile',
        allowProtected: false,
      });
    });
  });

  describe('when settings are missing or wrong', () => {
    it('lists every problem at once', () => {
      assert.throws(
        () =>
          loadConfig({
            DIRECTORY: 'ad',
            AD_URLS: 'https://dc1, ldaps://dc2',
            AD_CA_FILE: '/nonexistent/ca.pem',
            AD_MOBILE_ATTRIBUTE: 'mobile)(x=*',
          }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          const text = error.problems.join('\n');
          assert.match(text, /AD_URLS: "https:\/\/dc1" must be ldaps:\/\//);
          assert.match(text, /AD_BASE_DN: required/);
          assert.match(text, /AD_BIND_DN: required/);
          assert.match(text, /AD_BIND_PASSWORD: required/);
          assert.match(text, /AD_CA_FILE: not a readable file/);
          assert.match(text, /AD_MOBILE_ATTRIBUTE: not an LDAP attribute name/);
          return true;
        },
      );
    });
  });
});

describe('PolicyHintsControl', () => {
  it('is critical and carries SEQUENCE { INTEGER 1 }', () => {
    const writer = new BerWriter();
    new PolicyHintsControl().write(writer);
    const expected = new BerWriter();
    expected.startSequence();
    expected.writeString(POLICY_HINTS_OID);
    expected.writeBoolean(true);
    expected.writeBuffer(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]), 0x04);
    expected.endSequence();
    assert.deepEqual(writer.buffer, expected.buffer);
  });
});

describe('encodePassword', () => {
  it('quotes the password and encodes it as UTF-16LE', () => {
    assert.deepEqual(encodePassword('Ab1'), Buffer.from([0x22, 0, 0x41, 0, 0x62, 0, 0x31, 0, 0x22, 0]));
  });
});

describe('writeFailed', () => {
  describe('when a DC answers a reset with an error', () => {
    it('maps LDAP 19 (0000052D) to a policy rejection', () => {
      const error = writeFailed(
        'ldaps://dc1',
        'reset',
        new ConstraintViolationError('0000052D: Constraint violation'),
      );
      assert.ok(error instanceof PasswordRejectedError);
      assert.deepEqual(error.reasons, ['policy']);
    });

    it('maps LDAP 12 to the history-enforcement error that tells the operator what to do', () => {
      const error = writeFailed('ldaps://dc1', 'reset', new UnavailableCriticalExtensionError(''));
      assert.ok(error instanceof HistoryEnforcementUnsupportedError);
      assert.equal(error.code, 'directory-unavailable');
      assert.match(error.message, /AD_ENFORCE_HISTORY=false/);
    });

    it('maps LDAP 50 to not-writable, naming the missing delegation', () => {
      const error = writeFailed('ldaps://dc1', 'unlock', new InsufficientAccessError(''));
      assert.ok(error instanceof AccountNotWritableError);
      assert.match(error.message, /Write lockoutTime/);
    });
  });
});
