import { languages, wordsFor } from '../language';

export interface SmsTextInput {
  /** The six-digit code, exactly as issued. */
  readonly code: string;
  /** The Teams locale; its language is chosen by `wordsFor` (Swedish unless another answers). */
  readonly locale?: string;
  readonly validMinutes: number;
  readonly orgName: string;
}

/** The longest organisation name (GSM-7 basic characters) that still fits one segment in every language. */
export const MAX_ORG_NAME_LENGTH = 40;

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

/**
 * Why an organisation name cannot be used, or `undefined` when the SMS fits one GSM-7 segment with it
 * in every language at the longest validity (`maxValidMinutes`). For the configuration schema.
 */
export function orgNameProblem(orgName: string, maxValidMinutes = 60): string | undefined {
  if (orgName.trim().length > MAX_ORG_NAME_LENGTH) return `at most ${MAX_ORG_NAME_LENGTH} characters`;
  if (!isSingleGsm7Segment(orgName)) {
    return 'only characters of the GSM-7 SMS alphabet (å ä ö é ü are fine; typographic quotes and dashes are not)';
  }
  for (const { code: locale } of languages) {
    try {
      composeSmsText({ code: '000000', locale, validMinutes: maxValidMinutes, orgName });
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }
  return undefined;
}

// GSM 03.38 default alphabet (without ESC, which only introduces the extension table).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Sent as ESC + character, so each takes two septets.
const GSM7_EXTENSION = new Set('\f^{}\\[~]|€');

const SEPTETS_PER_SEGMENT = 160;

/**
 * True when the text goes out as one GSM-7 SMS. Any other character (‘ ’ “ ” á …) makes the phone
 * network fall back to UCS-2, where one segment holds only 70 characters.
 */
export function isSingleGsm7Segment(text: string): boolean {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else return false;
  }
  return septets <= SEPTETS_PER_SEGMENT;
}
