import { isSingleGsm7Segment, MAX_ORG_NAME_LENGTH } from '../config/rules/gsm7';

export { isSingleGsm7Segment, MAX_ORG_NAME_LENGTH } from '../config/rules/gsm7';

export interface SmsTextInput {
  /** The six-digit code, exactly as issued. */
  readonly code: string;
  /** The Teams locale; English when it starts with `en`, Swedish otherwise. */
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

  const text = isEnglish(locale)
    ? `${code} is your code to unlock your account at ${org}. ` +
      `It is valid for ${validMinutes} ${validMinutes === 1 ? 'minute' : 'minutes'}. ` +
      'Never share this code with anyone.'
    : `${code} är din kod för att låsa upp ditt konto hos ${org}. ` +
      `Den gäller i ${validMinutes} ${validMinutes === 1 ? 'minut' : 'minuter'}. ` +
      'Dela aldrig koden med någon.';

  if (!isSingleGsm7Segment(text)) {
    throw new RangeError(
      `the SMS would not fit one segment: keep orgName to ${MAX_ORG_NAME_LENGTH} characters of the GSM-7 alphabet`,
    );
  }
  return text;
}

function isEnglish(locale: string | undefined): boolean {
  return locale?.trim().toLowerCase().startsWith('en') ?? false;
}
