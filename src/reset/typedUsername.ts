import type { Account } from './account';
import type { CaseRecord } from './case';
import type { CodeIssuer } from './code';

const TAG_PURPOSE = 'typed-username';

/**
 * What a case keeps of the name typed at the account step. In clear only once it matched an account:
 * locked-out people often type their password into the username field, and a password without symbols
 * passes the username grammar. Otherwise only a keyed tag is kept, which lets the service desk see that
 * two cases typed the same unknown name and keeps the per-name guess limit (so an unknown name behaves
 * like an existing one), without a way back to the text. A name from an earlier attempt never carries over.
 */
export function withTypedUsername(
  record: CaseRecord,
  username: string,
  account: Account | undefined,
  codes: CodeIssuer,
): CaseRecord {
  const { requestedUsername: _name, unmatchedUsernameTag: _tag, ...rest } = record;
  return account
    ? { ...rest, requestedUsername: username }
    : { ...rest, unmatchedUsernameTag: codes.tag(TAG_PURPOSE, username) };
}

/** The key of the per-account guess limit: the account, else the tag of the name typed, else the case. */
export function guessKeyOf(record: CaseRecord): string {
  return `guesses/${record.account?.id ?? `name:${record.unmatchedUsernameTag ?? record.requestedUsername ?? record.id}`}`;
}
