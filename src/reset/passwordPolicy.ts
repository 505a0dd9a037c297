/** The rules from the municipality's guide plus what the directory would reject anyway. */
export type PasswordViolation =
  | 'too-short'
  | 'no-uppercase'
  | 'no-digit'
  | 'swedish-letters'
  | 'non-ascii'
  | 'contains-username'
  | 'too-long'
  | 'mismatch'
  | 'common-password'
  | 'empty';

export interface PasswordPolicyOptions {
  readonly minLength: number;
  readonly maxLength: number;
}

export const defaultPasswordPolicy: PasswordPolicyOptions = { minLength: 8, maxLength: 128 };

const SWEDISH_LETTERS = /[åäöÅÄÖ]/;
const SWEDISH_LETTERS_ALL = /[åäöÅÄÖ]/g;
// Printable ASCII only: Entra ID rejects Unicode and control characters in passwords.
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Every rule the password breaks, in the order the guide lists them; empty when acceptable. */
export function checkPassword(
  password: string,
  repeat: string,
  account: { username: string; displayName?: string },
  options: PasswordPolicyOptions = defaultPasswordPolicy,
): PasswordViolation[] {
  if (password.length === 0) return ['empty'];
  const violations: PasswordViolation[] = [];
  if (password.length < options.minLength) violations.push('too-short');
  if (password.length > options.maxLength) violations.push('too-long');
  if (!/[A-Z]/.test(password)) violations.push('no-uppercase');
  if (!/\d/.test(password)) violations.push('no-digit');
  if (SWEDISH_LETTERS.test(password)) violations.push('swedish-letters');
  // Named as well when å/ä/ö are there too, so one round of corrections is enough.
  if (!PRINTABLE_ASCII.test(password.replace(SWEDISH_LETTERS_ALL, ''))) violations.push('non-ascii');
  if (containsAccountName(password, account)) violations.push('contains-username');
  if (password !== repeat) violations.push('mismatch');
  return violations;
}

/** AD's own rule: the sAMAccountName, or any name token of three or more characters, may not appear. */
function containsAccountName(password: string, account: { username: string; displayName?: string }): boolean {
  const lower = password.toLowerCase();
  const username = account.username.toLowerCase();
  if (username.length >= 3 && lower.includes(username)) return true;
  const tokens = `${account.username} ${account.displayName ?? ''}`
    .toLowerCase()
    .split(/[\s.,\-_#@]+/)
    .filter((token) => token.length >= 3);
  return tokens.some((token) => lower.includes(token));
}
