import type { AuditEvent } from '../reset/audit';

/** What the service desk is alerted about; one alert per case and kind. */
export type AlertKind =
  | 'no-phone'
  | 'blocked'
  | 'not-own-account'
  | 'directory-error'
  | 'sms-failed'
  | 'sms-budget'
  /** The manager asked to vouch said it was not the person. */
  | 'possible-impersonation';

/**
 * The `detail` ResetService gives a `throttled` event when the service-wide hourly cap stopped the
 * code (the per-account throttle and the guess limit use other details). Kept in one place and checked
 * against the real service in test/alerts, so a rewording there breaks a test, not the alert.
 */
export const SMS_BUDGET_DETAIL = 'sms hourly budget';

/** The alerts one audit event calls for (usually none). */
export function alertKindsOf(event: AuditEvent): AlertKind[] {
  switch (event.type) {
    case 'throttled':
      return [event.detail === SMS_BUDGET_DETAIL ? 'sms-budget' : 'blocked'];
    case 'sms-failed':
      return ['sms-failed'];
    case 'directory-error':
      return ['directory-error'];
    case 'account-entered':
      return event.ownAccount === false ? ['not-own-account'] : [];
    case 'outcome':
      if (event.outcome === 'no-phone') return ['no-phone'];
      if (event.outcome === 'manager-refused') return ['possible-impersonation'];
      if (event.outcome === 'directory-error') return ['directory-error'];
      return [];
    default:
      return [];
  }
}
