/** Every failure the domain can explain carries a stable code and whether the user can recover by retrying. */
export type ResetErrorCode =
  | 'directory-unavailable'
  | 'password-rejected'
  | 'account-not-writable'
  | 'sms-failed'
  | 'invalid-phone'
  | 'conflict';

export class ResetError extends Error {
  constructor(
    readonly code: ResetErrorCode,
    message: string,
    readonly recoverable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The directory could not be reached or answered unexpectedly; nothing was changed. */
export class DirectoryUnavailableError extends ResetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('directory-unavailable', message, true, options);
  }
}

/** Why the directory refused a new password (beyond what our own policy checks first). */
export type DirectoryRejection = 'history' | 'complexity' | 'too-recent' | 'policy';

export class PasswordRejectedError extends ResetError {
  constructor(
    readonly reasons: readonly DirectoryRejection[],
    options?: { cause?: unknown },
  ) {
    super('password-rejected', `the directory rejected the password (${reasons.join(', ')})`, true, options);
  }
}

/** The account exists but may not be changed by this service (disabled, protected group, ...). */
export class AccountNotWritableError extends ResetError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('account-not-writable', message, false, options);
  }
}

export class SmsSendError extends ResetError {
  constructor(message: string, options?: { cause?: unknown; recoverable?: boolean }) {
    super('sms-failed', message, options?.recoverable ?? true, options);
  }
}

/** Someone else changed the same record first (ETag mismatch). */
export class ConflictError extends ResetError {
  constructor(message: string) {
    super('conflict', message, true);
  }
}
