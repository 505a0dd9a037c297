import assert from 'node:assert/strict';
import { InvalidCredentialsError } from 'ldapts';
import { errorText } from '../../src/lib/errorText';

function withCode(message: string, code: string | number): Error {
  return Object.assign(new Error(message), { code });
}

describe('errorText', () => {
  describe('when the error is a plain Error', () => {
    it('is its message', () => {
      assert.equal(
        errorText(new Error('the token endpoint returned no token')),
        'the token endpoint returned no token',
      );
    });
  });

  describe('when the error has a type or a code', () => {
    it('puts them first, as the operator looks them up', () => {
      assert.equal(errorText(new TypeError('fetch failed')), 'TypeError: fetch failed');
      assert.equal(
        errorText(withCode('connect ECONNREFUSED 127.0.0.1:636', 'ECONNREFUSED')),
        'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:636',
      );
      assert.equal(
        errorText(
          new InvalidCredentialsError(
            '80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775',
          ),
        ),
        'InvalidCredentialsError 49: 80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 775 Code: 0x31',
      );
    });

    it("keeps AD's diagnostic codes, which touch letters", () => {
      assert.equal(
        errorText(withCode('0000052D: Constraint violation - check_password_restrictions', 19)),
        '19: 0000052D: Constraint violation - check_password_restrictions',
      );
    });
  });

  describe('when the message quotes what was sent', () => {
    it('masks phone numbers and codes, drops later lines and caps the length', () => {
      assert.equal(
        errorText(
          new RangeError('invalid recipient +46 70 123 45 67 for code 123456\n{"to":"+46701234567"}'),
        ),
        'RangeError: invalid recipient … for code …',
      );
      assert.equal(errorText(new Error('070-123 45 67 rejected')), '… rejected');
      const long = errorText(new Error('x'.repeat(500)));
      assert.equal(long.length, 200);
      assert.ok(long.endsWith('…'));
    });
  });

  describe('when something other than an Error was thrown', () => {
    it('tells a string safely and only the type of anything else', () => {
      assert.equal(errorText('code 654321 expired'), 'code … expired');
      assert.equal(errorText({ password: 'Sommar2026!' }), 'thrown object');
      assert.equal(errorText(undefined), 'thrown undefined');
    });
  });
});
