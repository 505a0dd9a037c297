/** The texts sent by SMS. `src/sms/message.ts` checks that each fits one GSM-7 segment: no typographic quotes or dashes. */
export interface SmsWords {
  /** Code first, so it shows in a lock-screen preview. */
  readonly codeText: (code: string, orgName: string, validMinutes: number) => string;
  /**
   * The owner's notice after an unlock or a new password: what, when, and whom to call if it was not
   * them. `username` and `orgName` may be absent when the text would not fit one segment with them.
   */
  readonly changeText: (notice: ChangeSmsWording) => string;
}

export interface ChangeSmsWording {
  readonly change: 'unlocked' | 'password-set';
  readonly username?: string;
  readonly orgName?: string;
  /** Local time, `08:12`. */
  readonly time: string;
  /** Local date parts; the words choose how to write them. */
  readonly day: number;
  readonly month: number;
  readonly servicedeskPhone: string;
}
