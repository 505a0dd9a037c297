import type { Account, PhoneNumber, UnlockResult } from './account';
import type { AuditEvent } from './audit';
import type { CaseOutcome, CaseRecord } from './case';

/**
 * The directory the accounts live in. Implementations translate their own errors into
 * `DirectoryUnavailableError`, `PasswordRejectedError` and `AccountNotWritableError`.
 */
export interface AccountDirectory {
  /** By sAMAccountName or UPN; `undefined` when no such account exists. */
  findByUsername(username: string): Promise<Account | undefined>;
  /** The account of a Teams user, by Entra object id. */
  findByAadObjectId(aadObjectId: string): Promise<Account | undefined>;
  unlock(account: AccountRef): Promise<UnlockResult>;
  /** Sets the password (the directory enforces history) and unlocks; never forces a change at next sign-in. */
  setPassword(account: AccountRef, password: string): Promise<void>;
  /**
   * The manager the directory names for the account (AD `manager`, Graph `/users/{id}/manager`, the demo
   * directory's `manager`), as an account; `undefined` when none is named, it cannot be read, or it is gone.
   */
  findManager?(account: AccountRef): Promise<Account | undefined>;
  /** The enabled members of the approver group (`APPROVER_GROUP`), for accounts without a manager. */
  findApprovers?(): Promise<readonly Account[]>;
}

/** What a write needs to find the account again without another lookup. */
export type AccountRef = Pick<Account, 'id' | 'username' | 'upn' | 'source'>;

/** The slice of pino the domain uses; any structured logger with child loggers fits. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface SmsMessage {
  readonly to: PhoneNumber;
  readonly text: string;
  /** Correlates the provider's delivery with the case; never part of the text. */
  readonly caseId: string;
}

export interface SmsSender {
  /** Resolves when the provider accepted the message; throws `SmsSendError` otherwise. */
  send(message: SmsMessage): Promise<void>;
}

export interface Clock {
  now(): Date;
}

/**
 * A clock that can also wait. The domain's own timing (the uniform answer's deadline) waits on it, so
 * tests run that timing on a fake clock instead of real time.
 */
export interface WaitingClock extends Clock {
  /** Resolves once `now()` has reached `at`; at once when it already has. */
  sleepUntil(at: Date): Promise<void>;
}

export const systemClock: WaitingClock = {
  now: () => new Date(),
  sleepUntil: (at) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()))),
};

/** A stored value with the tag that must be presented to overwrite it. */
export interface Versioned<T> {
  readonly value: T;
  readonly etag: string;
}

/**
 * Small records with optimistic concurrency: `put` with an etag fails with `ConflictError`
 * when someone else wrote first; `put` without one only creates.
 */
export interface RecordStore<T> {
  get(key: string): Promise<Versioned<T> | undefined>;
  put(key: string, value: T, etag?: string): Promise<void>;
}

export interface CaseStore {
  get(caseId: string): Promise<Versioned<CaseRecord> | undefined>;
  /** Creates when `etag` is absent; otherwise replaces only if unchanged since read. */
  save(record: CaseRecord, etag?: string): Promise<string>;
  /** Newest first, filtered. */
  list(query?: CaseListQuery): Promise<readonly CaseRecord[]>;
}

/** How the service desk narrows the case list. Times are UTC ISO strings; `until` is exclusive. */
export interface CaseListQuery {
  /** At most this many (100 when absent). */
  readonly limit?: number;
  readonly since?: string;
  /** Also the "older than" cursor of the next page. */
  readonly until?: string;
  /** `open`: still in progress. */
  readonly outcome?: CaseOutcome | 'open';
  /** Part of the account's username, UPN or name, or of the username typed; any case. */
  readonly account?: string;
  /** Part of any of the above, the requester's name or the case id. */
  readonly text?: string;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}
