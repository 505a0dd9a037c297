import type { Account } from './account';

export type CaseStep =
  | 'started'
  | 'account-entered'
  | 'code-sent'
  | 'code-verified'
  | 'code-wrong'
  | 'choice-made'
  | 'password-rejected'
  | 'approval-requested'
  | 'manager-approved'
  | 'manager-refused'
  | 'approval-expired'
  | 'finished';

export type CaseOutcome =
  | 'unlocked'
  | 'password-set'
  | 'wrong-code'
  | 'no-phone'
  /** The manager asked to vouch said it was not the person (possible impersonation). */
  | 'manager-refused'
  | 'blocked'
  | 'cancelled'
  | 'abandoned'
  | 'expired'
  | 'directory-error'
  | 'sms-error';

export type ResetChoice = 'unlock' | 'new-password';

export interface Requester {
  /** Teams user id (`from.id`), always present. */
  readonly userId: string;
  readonly aadObjectId?: string;
  readonly name?: string;
}

/** What a case remembers of the account: enough to act and to show the service desk, no phone number. */
export interface CaseAccount {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly upn: string;
  readonly source: Account['source'];
  readonly phoneLast2?: string;
  /** The owner's Entra object id, where the directory knows it: how the owner is reached in Teams. */
  readonly ownerAadObjectId?: string;
}

/**
 * The one-time code, only as a keyed hash. A code without a hash was never sent (unknown account, no
 * phone, throttled, or still on its way): its clock and tries run like any other's, but nothing matches it.
 */
export interface CodeRecord {
  /** Tells a later code from this one, so work still under way for an old code leaves the new one alone. */
  readonly id?: string;
  readonly hash?: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly wrongAttempts: number;
  readonly consumed: boolean;
}

/** What the case keeps of a manager's approval (`src/reset/approvals`): who, when, and how it ended. */
export interface CaseApproval {
  readonly approver: { readonly username: string; readonly displayName: string };
  /** `manager`: the directory's manager; `approver`: a member of the approver group. */
  readonly role: 'manager' | 'approver';
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly status: 'pending' | 'approved' | 'refused' | 'expired';
  readonly decidedAt?: string;
}

export interface CaseRecord {
  readonly id: string;
  readonly conversationId: string;
  readonly channelId?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly requester: Requester;
  readonly platform?: string;
  readonly locale: string;
  /**
   * The username as typed (trimmed, lower-cased), kept only once it matched an account: a name that
   * matched none is often the password typed into the wrong field (see `typedUsername.ts`).
   */
  readonly requestedUsername?: string;
  /**
   * A keyed 32-bit tag of the name typed (its part before any `@`), kept from the moment it is typed:
   * the per-name guess limit's key, and all the service desk sees of a name that matched no account.
   */
  readonly usernameTag?: string;
  /** Set only when an account matched. */
  readonly account?: CaseAccount;
  /** Whether the requester asked about their own account (Teams identity matches). */
  readonly ownAccount?: boolean;
  readonly code?: CodeRecord;
  readonly codesSent: number;
  readonly lastCodeSentAt?: string;
  readonly verifiedAt?: string;
  /** No registered mobile: the manager (or an approver) asked to vouch instead of the code. */
  readonly approval?: CaseApproval;
  readonly choice?: ResetChoice;
  readonly steps: readonly { readonly step: CaseStep; readonly at: string }[];
  readonly outcome?: CaseOutcome;
  readonly outcomeDetail?: string;
  readonly finishedAt?: string;
}

export function isOpen(record: CaseRecord): boolean {
  return record.outcome === undefined;
}
