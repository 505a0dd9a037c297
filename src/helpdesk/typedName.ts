import type { CaseRecord } from '../reset/case';

/**
 * What the service desk sees of the name typed at the account step. In clear only when it matched an
 * account: a name that matched none is often the caller's password. Older cases kept such names in
 * clear; they are hidden here all the same. The tag tells two cases that typed the same unknown name
 * apart from cases that typed different ones.
 */
export function typedNameShown(record: CaseRecord): string | undefined {
  if (record.account !== undefined) return record.requestedUsername;
  if (record.usernameTag !== undefined) {
    return `dolt, matchade inget konto (kännetecken ${record.usernameTag})`;
  }
  return record.requestedUsername !== undefined ? 'dolt, matchade inget konto' : undefined;
}
