import assert from 'node:assert/strict';
import { AndFilter, EqualityFilter, FilterParser, OrFilter, type Filter } from 'ldapts';
import {
  accountFilter,
  attributeFilter,
  enabledMemberFilter,
  groupFilter,
  upnFilter,
} from '../../src/ad/ldapFilter';

/** The equality comparisons of a filter tree, in order: what the DC will be asked to compare. */
function comparisons(filter: Filter): [string, string][] {
  if (filter instanceof EqualityFilter) return [[filter.attribute, String(filter.value)]];
  if (filter instanceof AndFilter || filter instanceof OrFilter) return filter.filters.flatMap(comparisons);
  throw new TypeError(`unexpected filter ${filter.toString()}`);
}

describe('LDAP filters (ldapts filter objects, RFC 4515 escaping by the library)', () => {
  describe('when the username holds filter metacharacters', () => {
    for (const [raw, escaped] of [
      ['*', '\\2a'],
      ['*)(sAMAccountName=*', '\\2a\\29\\28sAMAccountName=\\2a'],
      ['*)(uid=*', '\\2a\\29\\28uid=\\2a'],
      ['x)(|(objectClass=*)', 'x\\29\\28|\\28objectClass=\\2a\\29'],
      ['back\\slash', 'back\\5cslash'],
      ['nul\0byte', 'nul\\00byte'],
    ] as const) {
      it(`escapes ${JSON.stringify(raw)} and keeps it one value`, () => {
        const filter = accountFilter(raw);
        assert.equal(
          filter.toString(),
          `(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=${escaped})(userPrincipalName=${escaped})))`,
        );
        // Parsed back (as a DC would read it), the structure is unchanged and the value is the whole input.
        assert.deepEqual(comparisons(FilterParser.parseString(filter.toString())), [
          ['objectCategory', 'person'],
          ['objectClass', 'user'],
          ['sAMAccountName', raw],
          ['userPrincipalName', raw],
        ]);
      });
    }
  });

  describe('when the username is ordinary', () => {
    it('leaves names, UPNs and non-ASCII letters alone', () => {
      assert.equal(
        accountFilter('anna.svensson@kommun.se').toString(),
        '(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=anna.svensson@kommun.se)(userPrincipalName=anna.svensson@kommun.se)))',
      );
      assert.equal(
        accountFilter('åsa.öberg').toString(),
        '(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=åsa.öberg)(userPrincipalName=åsa.öberg)))',
      );
    });
  });

  describe('when a user is looked up by an id attribute', () => {
    it('compares that attribute, escaped like any value', () => {
      assert.equal(
        attributeFilter('msDS-cloudExtensionAttribute1', 'id)(cn=*').toString(),
        '(&(objectCategory=person)(objectClass=user)(msDS-cloudExtensionAttribute1=id\\29\\28cn=\\2a))',
      );
    });
  });

  describe('when the approver group is looked up and its members listed', () => {
    it('escapes the group name and the group DN like any value', () => {
      assert.equal(
        groupFilter('IT-ombud (alla)*').toString(),
        '(&(objectClass=group)(sAMAccountName=IT-ombud \\28alla\\29\\2a))',
      );
      assert.equal(
        enabledMemberFilter('CN=IT (alla)*,OU=Employees,DC=kommun,DC=se').toString(),
        '(&(objectCategory=person)(objectClass=user)(&(memberOf:1.2.840.113556.1.4.1941:=CN=IT \\28alla\\29\\2a,OU=Employees,DC=kommun,DC=se)' +
          '(!(userAccountControl:1.2.840.113556.1.4.803:=2))))',
      );
    });
  });

  describe('when the doctor looks up the service account by UPN', () => {
    it('is a single escaped comparison', () => {
      assert.equal(
        upnFilter('svc*)(x=1@kommun.se').toString(),
        '(userPrincipalName=svc\\2a\\29\\28x=1@kommun.se)',
      );
    });
  });
});
