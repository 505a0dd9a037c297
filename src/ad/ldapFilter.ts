import { AndFilter, EqualityFilter, OrFilter, type Filter } from 'ldapts';

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

function userWhere(condition: Filter): Filter {
  return new AndFilter({
    filters: [equals('objectCategory', 'person'), equals('objectClass', 'user'), condition],
  });
}

function equals(attribute: string, value: string): EqualityFilter {
  return new EqualityFilter({ attribute, value });
}
