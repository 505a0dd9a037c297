/** The longest organisation name (GSM-7 basic characters) that still fits one segment in either language. */
export const MAX_ORG_NAME_LENGTH = 40;

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

/**
 * Why an organisation name cannot be used, or `undefined`. With at most `MAX_ORG_NAME_LENGTH` GSM-7
 * characters the code SMS fits one segment in both languages (test/sms/message.test.ts proves it, and
 * startup composes it once more).
 */
export function orgNameProblem(orgName: string): string | undefined {
  if (orgName.trim().length > MAX_ORG_NAME_LENGTH) return `at most ${MAX_ORG_NAME_LENGTH} characters`;
  if (!isSingleGsm7Segment(orgName)) {
    return 'only characters of the GSM-7 SMS alphabet (å ä ö é ü are fine; typographic quotes and dashes are not)';
  }
  return undefined;
}
