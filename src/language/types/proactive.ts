/** What the bot says first in a person's personal chat: lockout and change notices. */
export interface ProactiveWords {
  /** `time` is local (`08:12`). */
  readonly lockedOut: (username: string, time: string) => string;
  /** Why an account locks again soon after it was unlocked or given a new password. */
  readonly relockWhy: string;
  /** Where sign-in logs name them: the apps and devices of the failed sign-ins (`Exchange ActiveSync, iPhone`). */
  readonly failedSignInsFrom: (sources: string) => string;
  readonly unlockNow: string;
  readonly changedByOther: (change: 'unlocked' | 'password-set', username: string, time: string) => string;
  readonly notYou: (servicedeskPhone: string) => string;
  /** `date` is local (`15 december`). */
  readonly expiresIn: (days: number, date: string) => string;
  readonly changePasswordNow: string;
  /** Said in the first reminder. */
  readonly howToStop: string;
  /** Enrollment message: the account has no registered mobile. */
  readonly noMobile: (username: string) => string;
  /** With `ENROLLMENT_URL`: where to register, and the button's title. */
  readonly registerAt: string;
  readonly registerButton: string;
  readonly registerWithServiceDesk: (servicedeskPhone: string) => string;
  /** Said in every enrollment message (there are at most one a month). */
  readonly howToStopEnrollment: string;
  /** Date words for `expiresIn`, January first. */
  readonly months: readonly string[];
  /** Typed with no case open: no more reminders or enrollment messages (security notices still come). */
  readonly stopWords: readonly [string, ...string[]];
  readonly startWords: readonly [string, ...string[]];
  readonly remindersStopped: string;
  readonly remindersStarted: string;
}
