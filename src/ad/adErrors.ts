import {
  BusyError,
  ConstraintViolationError,
  InsufficientAccessError,
  InvalidCredentialsError,
  NoSuchObjectError,
  ResultCodeError,
  UnavailableCriticalExtensionError,
  UnavailableError,
} from 'ldapts';
import {
  AccountNotWritableError,
  DirectoryUnavailableError,
  PasswordRejectedError,
  ResetError,
} from '../reset/errors';
import { errorText } from '../lib/errorText';

/**
 * The DC does not implement the policy-hints control (Samba; Windows Server before 2012 R2 without
 * the update), so it cannot enforce password history on a reset. The user is told the directory is
 * unavailable; nothing was changed.
 */
export class HistoryEnforcementUnsupportedError extends DirectoryUnavailableError {
  constructor(url: string, options?: { cause?: unknown }) {
    super(
      `${url} does not support the password policy-hints control (LDAP 12, unavailable critical extension), ` +
        'so it cannot enforce password history on a reset; the password was NOT changed. Use domain ' +
        'controllers on Windows Server 2012 R2 or later, or set AD_ENFORCE_HISTORY=false only if you ' +
        'accept that users may reuse old passwords',
      options,
    );
  }
}

/** The connection, TLS or the DC failed before it gave an answer: another DC may do better. */
export function isUnreachable(error: unknown): boolean {
  if (error instanceof BusyError || error instanceof UnavailableError) return true;
  return !(error instanceof ResultCodeError) && !(error instanceof ResetError);
}

export function bindFailed(url: string, error: unknown): ResetError {
  if (error instanceof InvalidCredentialsError) {
    // Not retried on the next DC: the same wrong password there would help lock the service account.
    return new DirectoryUnavailableError(
      `${url} refused the service account (check AD_BIND_DN and AD_BIND_PASSWORD)`,
      {
        cause: error,
      },
    );
  }
  return new DirectoryUnavailableError(`${url}: bind failed (${errorText(error)})`, { cause: error });
}

export type WriteKind = 'unlock' | 'reset';

/** A DC's answer to a write, as the domain's errors. */
export function writeFailed(url: string, kind: WriteKind, error: unknown): ResetError {
  if (error instanceof ResetError) return error;
  if (error instanceof ConstraintViolationError && kind === 'reset') {
    // AD answers 0000052D for length, complexity and history alike: which rule it was cannot be told.
    return new PasswordRejectedError(['policy'], { cause: error });
  }
  if (error instanceof UnavailableCriticalExtensionError)
    return new HistoryEnforcementUnsupportedError(url, { cause: error });
  if (error instanceof InsufficientAccessError) {
    const right = kind === 'reset' ? '"Reset Password" and "Write lockoutTime"' : '"Write lockoutTime"';
    return new AccountNotWritableError(
      `the service account lacks ${right} on this account (delegate them on the employees' OU)`,
      { cause: error },
    );
  }
  if (error instanceof NoSuchObjectError) {
    return new AccountNotWritableError('the account no longer exists in AD', { cause: error });
  }
  return new DirectoryUnavailableError(`${url}: ${kind} failed (${errorText(error)})`, {
    cause: error,
  });
}
