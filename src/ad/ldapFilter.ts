import { AndFilter, EqualityFilter, ExtensibleFilter, NotFilter, OrFilter, type Filter } from 'ldapts';

/*
 * Filters are built as ldapts filter objects, never as strings: the client encodes each value as
 * its own BER octet string, so a typed username can only ever be compared, never change the
 * filter's structure, and `toString()` escapes it as RFC 4515 says (for logs and tests).
 */

/** A user account whose sAMAccountName or userPrincipalName equals `username` (case-insensitive in AD). */
export function accountFilter(username: string): Filter {
  return userWhere(
    new OrFilter({ filters: [equals('sAMAccountName', username), equals('userPrincipalName', username)] }),
  );
}

/** A user account by an attribute holding the Entra object id. */
export function attributeFilter(attribute: string, value: string): Filter {
  return userWhere(equals(attribute, value));
}

/** Any object with this userPrincipalName (the doctor finds the service account's DN by it). */
export function upnFilter(upn: string): Filter {
  return equals('userPrincipalName', upn);
}

/** Any user account: what a base-scope read of a `manager` DN must find (a contact is no one to ask). */
export function userFilter(): Filter {
  return new AndFilter({ filters: [equals('objectCategory', 'person'), equals('objectClass', 'user')] });
}

/** A group by sAMAccountName (the approver group, `APPROVER_GROUP`). */
export function groupFilter(samAccountName: string): Filter {
  return new AndFilter({
    filters: [equals('objectClass', 'group'), equals('sAMAccountName', samAccountName)],
  });
}

/** Any group object: what a base-scope read of the approver group's DN must find. */
export function anyGroupFilter(): Filter {
  return equals('objectClass', 'group');
}

/**
 * Enabled user accounts that are members of `groupDn`, directly or through nested groups
 * (LDAP_MATCHING_RULE_IN_CHAIN); the DN is a value like any other, so a `(` in a group's name stays one.
 */
export function enabledMemberFilter(groupDn: string): Filter {
  return userWhere(
    new AndFilter({
      filters: [
        new ExtensibleFilter({ matchType: 'memberOf', rule: IN_CHAIN, value: groupDn }),
        new NotFilter({
          filter: new ExtensibleFilter({ matchType: 'userAccountControl', rule: BIT_AND, value: '2' }),
        }),
      ],
    }),
  );
}

const IN_CHAIN = '1.2.840.113556.1.4.1941';
const BIT_AND = '1.2.840.113556.1.4.803';

function userWhere(condition: Filter): Filter {
  return new AndFilter({
    filters: [equals('objectCategory', 'person'), equals('objectClass', 'user'), condition],
  });
}

function equals(attribute: string, value: string): EqualityFilter {
  return new EqualityFilter({ attribute, value });
}
