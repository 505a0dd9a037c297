/**
 * What may be typed as a username: an sAMAccountName (≤ 20 characters) or a UPN. Letters of any
 * script, digits and . _ - ' and one @; nothing an LDAP or OData filter would treat as syntax.
 */
const USERNAME = /^[\p{L}\p{N}._'-]{1,64}(@[\p{L}\p{N}.-]{1,190})?$/u;

export const MAX_USERNAME_LENGTH = 256;

/** The username to look up, trimmed and lower-cased, or `undefined` when it cannot be one. */
export function parseUsername(typed: string): string | undefined {
  const trimmed = typed.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_USERNAME_LENGTH) return undefined;
  // Lower-casing can leave the alphabet ('İ' → 'i' + U+0307), so the result is what is checked.
  const lower = trimmed.toLowerCase();
  return USERNAME.test(lower) ? lower : undefined;
}
