/** The code SMS. `src/sms/message.ts` checks that it fits one GSM-7 segment: no typographic quotes or dashes. */
export interface SmsWords {
  /** Code first, so it shows in a lock-screen preview. */
  readonly codeText: (code: string, orgName: string, validMinutes: number) => string;
}
