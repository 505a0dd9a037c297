import type { CaseRecord } from './case';

/** Takes one event from a shared allowance; false when the allowance is spent (nothing counted). */
export interface RateLimit {
  take(key: string, now: Date): Promise<boolean>;
}

export interface GuessLimitOptions {
  /** Guesses per window at one account name, across cases and requesters. */
  readonly perAccount?: RateLimit;
  /** Guesses per window by one requester at other people's accounts, taken before the account's. */
  readonly perRequester?: RateLimit;
}

/** Which allowance refused a guess: it becomes the audit event's detail. */
export type GuessRefusal = 'code guesses per requester' | 'code guesses per account';

/**
 * The daily allowances of code guesses. They are asked only for a guess at a live code, so guesses
 * at a spent, exhausted or expired code cost nobody anything. Keys depend only on what was typed and
 * who typed it, never on what the directory holds, so an unknown name counts exactly as an existing one.
 */
export class GuessLimits {
  constructor(private readonly options: GuessLimitOptions) {}

  /** Counts one guess; says which allowance refused it, if one did (then nothing is counted after it). */
  async take(record: CaseRecord, now: Date): Promise<GuessRefusal | undefined> {
    const { perAccount, perRequester } = this.options;
    // The owner's own guesses spend only her own account's allowance.
    if (perRequester && record.ownAccount !== true) {
      const requester = record.requester.aadObjectId ?? record.requester.userId;
      if (!(await perRequester.take(`guesses/requester:${requester}`, now)))
        return 'code guesses per requester';
    }
    if (perAccount && !(await perAccount.take(`guesses/${accountKey(record)}`, now))) {
      return 'code guesses per account';
    }
    return undefined;
  }
}

/**
 * One key for every spelling of a name: the name's tag, taken of its part before any `@`, so
 * `bertil.berg` and `bertil.berg@kommun.example` (any suffix) share it and the limit store never holds
 * the typed text. A sAMAccountName that differs from the UPN's first part keeps its own key, for unknown
 * and existing accounts alike.
 */
function accountKey(record: CaseRecord): string {
  return record.usernameTag === undefined ? `case:${record.id}` : `name:${record.usernameTag}`;
}
