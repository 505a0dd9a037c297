import type { CodeIssuer } from './code';

const TAG_PURPOSE = 'typed-username';

/**
 * What a case keeps of a name typed at the account step before the directory has been asked: a keyed
 * tag, never the text. Locked-out people often type their password into the username field, and a
 * password without symbols passes the username grammar; the name itself is kept only once it matched an
 * account (`accountFound`). The tag is taken of the part before any `@`, so every spelling of one name
 * (`bertil.berg`, `bertil.berg@kommun.example`) shares the per-name guess limit whether or not the
 * account exists, and the service desk can see that two cases typed the same unknown name.
 */
export function usernameTag(codes: CodeIssuer, username: string): string {
  const at = username.indexOf('@');
  return codes.tag(TAG_PURPOSE, at < 0 ? username : username.slice(0, at));
}
