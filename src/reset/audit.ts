import type { CaseOutcome, CaseStep } from './case';

/** One structured, secret-free line of the audit trail. Times are UTC ISO strings. */
export interface AuditEvent {
  readonly at: string;
  readonly caseId: string;
  readonly type:
    | CaseStep
    | 'outcome'
    | 'throttled'
    | 'sms-failed'
    | 'directory-error'
    /** The owner was sent the change notice (SMS) / told in Teams / could not be told. */
    | 'owner-notified'
    | 'owner-not-notified'
    | 'owner-told'
    | 'owner-not-reachable'
    /** The case was started from a lockout notice's button (`detail`: the notice id). */
    | 'notice-followed'
    /** A notice of the bot's own (`caseId`: `notice:<id>`; `detail`: its kind, and `relock`). */
    | 'notice-sent'
    | 'notice-unreachable'
    /** The requester was offered their manager's confirmation instead of a code (`detail`: who). */
    | 'approval-offered'
    /** A press on an approval card by someone other than its approver, refused (`detail`: why). */
    | 'approval-press-refused';
  readonly requesterAadObjectId?: string;
  readonly account?: string;
  readonly ownAccount?: boolean;
  readonly outcome?: CaseOutcome;
  readonly detail?: string;
}
