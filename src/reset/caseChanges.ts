import type { Account } from './account';
import { lastTwoDigits } from './account';
import type { CaseAccount, CaseOutcome, CaseRecord, CaseStep, CodeRecord, ResetChoice } from './case';
import type { StartCase } from './results';

/*
 * Every change a case goes through, as pure functions from one record to the next. The steps of the
 * reset decide *when*; these say *what* the record then holds.
 */

export function opened(start: StartCase, id: string, at: string): CaseRecord {
  return {
    id,
    conversationId: start.conversationId,
    ...(start.channelId ? { channelId: start.channelId } : {}),
    createdAt: at,
    updatedAt: at,
    requester: start.requester,
    locale: start.locale,
    ...(start.platform ? { platform: start.platform } : {}),
    codesSent: 0,
    steps: [{ step: 'started', at }],
  };
}

export function stepped(record: CaseRecord, step: CaseStep, at: string): CaseRecord {
  return { ...record, steps: [...record.steps, { step, at }] };
}

/**
 * A name was given. It starts the account step over: nothing verified for, or known of, an earlier
 * account may carry over. Which account the name belongs to is learnt later (`accountFound`).
 */
export function accountNamed(record: CaseRecord, tag: string, own: boolean, at: string): CaseRecord {
  const { account: _account, code: _code, verifiedAt: _verifiedAt, choice: _choice, ...fresh } = record;
  return stepped({ ...nameGiven(fresh, tag), ownAccount: own }, 'account-entered', at);
}

/**
 * A name was given: the case keeps its tag (`typedUsername.ts`), not the text, until the name matches an
 * account; a name from an earlier attempt does not carry over.
 */
export function nameGiven(record: CaseRecord, tag: string): CaseRecord {
  const { requestedUsername: _earlier, ...rest } = record;
  return { ...rest, usernameTag: tag };
}

/**
 * The one place a case's `account` is set: what the case keeps of the account the name belongs to, and
 * now that it matched, the name as typed.
 */
export function accountFound(record: CaseRecord, account: Account, typed: string): CaseRecord {
  return { ...record, account: toCaseAccount(account), requestedUsername: typed };
}

function toCaseAccount(account: Account): CaseAccount {
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    upn: account.upn,
    source: account.source,
    ...(account.mobile ? { phoneLast2: lastTwoDigits(account.mobile) } : {}),
    ...(account.aadObjectId !== undefined ? { ownerAadObjectId: account.aadObjectId } : {}),
  };
}

/** A code is on its way (or is said to be): earlier codes stop working, the resend cooldown starts. */
export function codeAwaited(record: CaseRecord, code: CodeRecord, at: string): CaseRecord {
  return { ...record, code, lastCodeSentAt: at };
}

/** `change` applied to the case's code, if it still is the code `codeId`; `undefined` when it is not. */
export function withCode(
  record: CaseRecord,
  codeId: string,
  change: (code: CodeRecord) => CodeRecord,
): CaseRecord | undefined {
  return record.code?.id === codeId ? { ...record, code: change(record.code) } : undefined;
}

export function codeSent(record: CaseRecord, at: string): CaseRecord {
  return stepped({ ...record, codesSent: record.codesSent + 1 }, 'code-sent', at);
}

export function codeWrong(record: CaseRecord, code: CodeRecord, at: string): CaseRecord {
  return stepped({ ...record, code: { ...code, wrongAttempts: code.wrongAttempts + 1 } }, 'code-wrong', at);
}

export function verified(record: CaseRecord, code: CodeRecord, at: string): CaseRecord {
  return stepped({ ...record, code: { ...code, consumed: true }, verifiedAt: at }, 'code-verified', at);
}

export function chosen(record: CaseRecord, choice: ResetChoice, at: string): CaseRecord {
  return stepped({ ...record, choice }, 'choice-made', at);
}

export function finished(record: CaseRecord, outcome: CaseOutcome, at: string, detail?: string): CaseRecord {
  return stepped(
    { ...record, outcome, ...(detail !== undefined ? { outcomeDetail: detail } : {}), finishedAt: at },
    'finished',
    at,
  );
}
