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

/** How many GSM-7 septets the text takes, or `undefined` when it has a character outside GSM-7. */
export function gsm7Septets(text: string): number | undefined {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else return undefined;
  }
  return septets;
}

/**
 * True when the text goes out as one GSM-7 SMS. Any other character (‘ ’ “ ” á …) makes the phone
 * network fall back to UCS-2, where one segment holds only 70 characters.
 */
export function isSingleGsm7Segment(text: string): boolean {
  const septets = gsm7Septets(text);
  return septets !== undefined && septets <= SEPTETS_PER_SEGMENT;
}

/**
 * Why an organisation name cannot be used, or `undefined`. A name of at most `MAX_ORG_NAME_LENGTH`
 * septets keeps the code SMS one segment in both languages at any validity (test/sms/message.test.ts
 * proves it with the longest name; startup composes the SMS once more).
 */
export function orgNameProblem(orgName: string): string | undefined {
  const septets = gsm7Septets(orgName.trim());
  if (septets === undefined)
    return 'only characters of the GSM-7 SMS alphabet (å ä ö é ü are fine; typographic quotes and dashes are not)';
  if (septets > MAX_ORG_NAME_LENGTH)
    return `at most ${MAX_ORG_NAME_LENGTH} characters (€ [ ] { } ^ ~ | \\ count twice)`;
  return undefined;
}
