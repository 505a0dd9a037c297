import type { CaseOutcome, CaseStep } from './case';

/** One structured, secret-free line of the audit trail. Times are UTC ISO strings. */
export interface AuditEvent {
  readonly at: string;
  readonly caseId: string;
  readonly type: CaseStep | 'outcome' | 'throttled' | 'sms-failed' | 'directory-error';
  readonly requesterAadObjectId?: string;
  readonly account?: string;
  readonly ownAccount?: boolean;
  readonly outcome?: CaseOutcome;
  readonly detail?: string;
}
