import assert from 'node:assert/strict';
import { FilterParser } from 'ldapts';
import { accountFilter, escapeFilterValue } from '../../src/ad/ldapFilter';

describe('escapeFilterValue (RFC 4515)', () => {
  describe('when the value holds filter metacharacters', () => {
    for (const [raw, escaped] of [
      ['*', '\\2a'],
      ['*)(sAMAccountName=*', '\\2a\\29\\28sAMAccountName=\\2a'],
      ['x)(|(objectClass=*)', 'x\\29\\28|\\28objectClass=\\2a\\29'],
      ['back\\slash', 'back\\5cslash'],
      ['nul\0byte', 'nul\\00byte'],
    ] as const) {
      it(`escapes ${JSON.stringify(raw)}`, () => {
        assert.equal(escapeFilterValue(raw), escaped);
      });
    }

    it('leaves ordinary names, UPNs and non-ASCII letters alone', () => {
      assert.equal(escapeFilterValue('anna.svensson@kommun.se'), 'anna.svensson@kommun.se');
      assert.equal(escapeFilterValue('åsa.öberg'), 'åsa.öberg');
    });
  });

  describe('when an injection string is put in the account filter', () => {
    it('stays one equality comparison per attribute with the whole string as the value', () => {
      const filter = FilterParser.parseString(accountFilter('*)(sAMAccountName=*'));
      assert.equal(
        filter.toString(),
        '(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=\\2a\\29\\28sAMAccountName=\\2a)(userPrincipalName=\\2a\\29\\28sAMAccountName=\\2a)))',
      );
    });
  });
});
