import { wordsFor } from '../language';
import { isSingleGsm7Segment, MAX_ORG_NAME_LENGTH } from '../config/rules/gsm7';

export { isSingleGsm7Segment, MAX_ORG_NAME_LENGTH } from '../config/rules/gsm7';

export interface SmsTextInput {
  /** The six-digit code, exactly as issued. */
  readonly code: string;
  /** The Teams locale; its language is chosen by `wordsFor` (Swedish unless another answers). */
  readonly locale?: string;
  readonly validMinutes: number;
  readonly orgName: string;
}

/**
 * The text of the code SMS. The code comes first so that it shows in a lock-screen preview.
 * Throws `RangeError` when the result would not fit one GSM-7 segment, so call it once at startup
 * with the configured organisation name rather than finding out when someone is locked out.
 */
export function composeSmsText({ code, locale, validMinutes, orgName }: SmsTextInput): string {
  if (!/^\d{6}$/.test(code)) throw new RangeError('the code must be six digits');
  if (!Number.isInteger(validMinutes) || validMinutes < 1) {
    throw new RangeError('validMinutes must be a positive whole number');
  }
  const org = orgName.trim();
  if (org.length === 0) throw new RangeError('orgName must not be empty');

  const text = wordsFor(locale).sms.codeText(code, org, validMinutes);

  if (!isSingleGsm7Segment(text)) {
    throw new RangeError(
      `the SMS would not fit one segment: keep orgName to ${MAX_ORG_NAME_LENGTH} characters of the GSM-7 alphabet`,
    );
  }
  return text;
}
