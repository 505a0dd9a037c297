/**
 * RFC 4515 escaping of an assertion value: the filter metacharacters `*`, `(`, `)`, `\` and NUL become
 * `\xx`, so a typed username can only ever be compared, never change the filter's structure.
 */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (char) => `\\${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** A user account whose sAMAccountName or userPrincipalName equals `username` (case-insensitive in AD). */
export function accountFilter(username: string): string {
  const value = escapeFilterValue(username);
  return `(&(objectCategory=person)(objectClass=user)(|(sAMAccountName=${value})(userPrincipalName=${value})))`;
}

/** A user account by an attribute holding the Entra object id. */
export function attributeFilter(attribute: string, value: string): string {
  return `(&(objectCategory=person)(objectClass=user)(${attribute}=${escapeFilterValue(value)}))`;
}
