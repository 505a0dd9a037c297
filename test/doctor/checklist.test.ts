import assert from 'node:assert/strict';
import { exitCodeOf, fail, formatChecklist, pass, warn } from '../../src/doctor/checklist';
import { signInLogPermission, tokenRoles } from '../../src/doctor/graphChecks';

describe('the doctor checklist', () => {
  describe('when only warnings remain', () => {
    it('exits 0 and says so', () => {
      const results = [pass('Bind', 'ok'), warn('History', 'off', 'turn it on')];
      assert.equal(exitCodeOf(results), 0);
      assert.equal(
        formatChecklist([{ heading: 'AD', results }]),
        'AD\n  ✓ Bind: ok\n  ! History: off\n      → turn it on\n\nAll 2 checks passed (1 with a warning).',
      );
    });
  });

  describe('when a check fails', () => {
    it('exits 1 and shows the fix under it', () => {
      const results = [fail('Bind', 'refused', 'check AD_BIND_PASSWORD'), pass('SMS')];
      assert.equal(exitCodeOf(results), 1);
      assert.match(
        formatChecklist([{ heading: 'AD', results }]),
        /✗ Bind: refused\n {6}→ check AD_BIND_PASSWORD[\s\S]*1 of 2 checks failed\./,
      );
    });
  });
});

describe('tokenRoles', () => {
  const token = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  describe('when the app-only token lists application permissions', () => {
    it('returns them', () => {
      assert.deepEqual(tokenRoles(token({ roles: ['User.Read.All', 7] })), ['User.Read.All']);
    });
  });

  describe('when the token is no JWT', () => {
    it('cannot tell', () => {
      assert.equal(tokenRoles('opaque'), undefined);
      assert.equal(tokenRoles('a.%%%.c'), undefined);
    });
  });
});

describe('signInLogPermission', () => {
  const token = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

  describe('when AuditLog.Read.All is among the roles', () => {
    it('passes: relock notices can name the app and device', () => {
      const result = signInLogPermission(token({ roles: ['User.Read.All', 'AuditLog.Read.All'] }));
      assert.match(formatChecklist([{ heading: 'Graph', results: [result] }]), /✓ AuditLog\.Read\.All/);
    });
  });

  describe('when it is not', () => {
    it('warns, since the notices work without it', () => {
      const result = signInLogPermission(token({ roles: ['User.Read.All'] }));
      assert.equal(exitCodeOf([result]), 0);
      assert.match(
        formatChecklist([{ heading: 'Graph', results: [result] }]),
        /! AuditLog\.Read\.All \(relock notices\): not granted[\s\S]*→ grant the application permission AuditLog\.Read\.All/,
      );
    });
  });
});
