/**
 * What the bot says first, and the ports it needs to say it. The words and cards are the bot's
 * (src/language, src/cards): a notice here is only what happened, to whom, and when.
 */
export type Notice =
  | {
      readonly kind: 'change';
      readonly change: 'unlocked' | 'password-set';
      readonly username: string;
      readonly at: Date;
    }
  | {
      readonly kind: 'lockout';
      readonly username: string;
      readonly lockedAt: Date;
      /** Locked again soon after the bot unlocked or reset it: the notice says why that happens. */
      readonly relock?: boolean;
      /** Where sign-in logs are readable: app and device of the failed sign-ins (`Exchange ActiveSync, iPhone`). */
      readonly failedFrom?: readonly string[];
      /** Ties a press of the notice's button to the notice (service-desk records). */
      readonly noticeId?: string;
    }
  | {
      readonly kind: 'expiry';
      readonly username: string;
      readonly expiresAt: Date;
      readonly daysLeft: number;
      /** The first reminder says how to stop them. */
      readonly first: boolean;
      readonly noticeId: string;
    }
  | {
      /** No registered mobile: how to register one (`url`: `ENROLLMENT_URL`, when set). */
      readonly kind: 'enrollment';
      readonly username: string;
      readonly url?: string;
      readonly noticeId: string;
    };

export type NoticeKind = Notice['kind'];

/** A notice as the service desk sees it (item 9): kind, time, account, whether it reached anyone. */
export interface NoticeRecord {
  readonly id: string;
  readonly kind: 'lockout' | 'expiry' | 'enrollment';
  readonly at: string;
  readonly username: string;
  readonly delivered: boolean;
  /** A lockout soon after the bot unlocked or reset the account. */
  readonly relock?: boolean;
}

/** Where the bot reaches a person: their personal chat with it, by their Entra object id. */
export interface PersonalChats {
  /** `unreachable`: no conversation is known and none could be opened. */
  send(aadObjectId: string, notice: Notice): Promise<'sent' | 'unreachable'>;
}

/** What asking Teams to install the bot for a person came to (Graph `installedApps`). */
export type InstallResult = 'installed' | 'already-installed' | 'not-permitted' | 'not-found' | 'failed';

/** Opens a personal chat with someone who never talked to the bot: the documented proactive install. */
export interface AppInstaller {
  installFor(aadObjectId: string): Promise<InstallResult>;
}

/** An account the directory saw locked, with what decides whether its owner hears of it. */
export interface LockedAccount {
  readonly username: string;
  readonly lockedAt: Date;
  readonly enabled: boolean;
  /** A privileged account (adminCount=1) the bot does not serve: no notice. */
  readonly protected: boolean;
  /** The owner's Entra object id, the id Teams gives as `aadObjectId`; unknown in plain AD. */
  readonly aadObjectId?: string;
}

/** The directory's lockouts: one search for every account locked at or after `since`. */
export interface LockoutFeed {
  lockedSince(since: Date): Promise<readonly LockedAccount[]>;
}

/** An account whose password expires, with its owner's Teams identity where known. */
export interface ExpiringPassword {
  readonly username: string;
  readonly expiresAt: Date;
  readonly aadObjectId?: string;
}

/** The directory's password expiry times (AD `msDS-UserPasswordExpiryTimeComputed`). */
export interface ExpiryFeed {
  /** Enabled accounts whose password expires before `until` (never-expiring ones are left out). */
  expiringBefore(until: Date): Promise<readonly ExpiringPassword[]>;
}

/** An account that may have no registered mobile: a candidate for the enrollment message. */
export interface EnrollmentCandidate {
  readonly username: string;
}

/**
 * The directory's enabled, unprotected accounts without a usable mobile in the directory itself (AD's
 * mobile attribute): one paged search per round. Each is confirmed with the lookup the SMS step uses.
 */
export interface EnrollmentFeed {
  withoutMobile(): Promise<readonly EnrollmentCandidate[]>;
}

/** Where sign-in logs are readable: the apps and devices of an account's failed sign-ins. */
export interface SignInLog {
  /**
   * Distinct sources (`Exchange ActiveSync, iPhone`) of failed sign-ins (bad password, locked) of the
   * person between the two moments, most frequent first; `undefined` when the log cannot be read.
   */
  failedSignInSources(aadObjectId: string, from: Date, until: Date): Promise<readonly string[] | undefined>;
}
