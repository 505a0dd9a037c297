import type { UnlockResult } from './account';
import type { CaseOutcome, Requester } from './case';
import type { DirectoryRejection } from './errors';
import type { PasswordViolation } from './passwordPolicy';

/** What every step answers once its case is over (cancelled, expired, finished, or never there). */
export type CaseClosed = { kind: 'case-closed'; outcome: CaseOutcome };

/** What the user is told after giving a username. Answers about other people's accounts are uniform. */
export type UsernameResult =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'code-sent-if-exists' }
  | { kind: 'invalid-username' }
  | { kind: 'no-phone' }
  /** No registered mobile, but the requester's manager can vouch for them (`ResetService.askManager`). */
  | { kind: 'manager-can-confirm' }
  | { kind: 'disabled' }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' }
  | { kind: 'directory-unavailable' }
  | CaseClosed;

export type ResendResult =
  | { kind: 'code-sent'; phoneLast2: string }
  | { kind: 'code-sent-if-exists' }
  | { kind: 'cooldown'; secondsLeft: number }
  | { kind: 'blocked'; until: Date }
  | { kind: 'sms-failed' }
  | CaseClosed;

export type CodeResult =
  | { kind: 'verified' }
  | { kind: 'too-many-guesses' }
  | { kind: 'invalid-format' }
  | { kind: 'wrong'; attemptsLeft: number }
  | { kind: 'exhausted' }
  | { kind: 'expired' }
  | CaseClosed;

export type ChoiceResult = { kind: 'ok' } | { kind: 'not-verified' } | CaseClosed;

export type ActionResult =
  | { kind: 'unlocked'; result: UnlockResult }
  | { kind: 'password-set' }
  | { kind: 'password-invalid'; violations: PasswordViolation[] }
  | { kind: 'password-rejected'; reasons: readonly DirectoryRejection[] }
  | { kind: 'not-verified' }
  | { kind: 'not-writable' }
  | { kind: 'directory-unavailable' }
  | CaseClosed;

/** The answer about someone else's account, whatever exists behind the name. */
export const UNIFORM = { kind: 'code-sent-if-exists' } as const;

export interface StartCase {
  readonly conversationId: string;
  /** The Bot Framework channel (`msteams`), so the service desk finds the transcript. */
  readonly channelId?: string;
  readonly requester: Requester;
  readonly locale: string;
  readonly platform?: string;
}
