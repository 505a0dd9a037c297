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

/** A run of digits this long could be taken for a code (codes are six digits): a notice never has one. */
export const CODE_LIKE_DIGITS = /\d{5,}/;

export interface ChangeSmsInput {
  readonly change: 'unlocked' | 'password-set';
  readonly at: Date;
  readonly locale?: string;
  readonly username: string;
  readonly orgName: string;
  readonly servicedeskPhone: string;
  /** Where the time is told; the municipality's own. */
  readonly timeZone?: string;
}

/**
 * The owner's notice after an unlock or a new password: one GSM-7 segment with no code-like digit run,
 * so it cannot be mistaken for (or forwarded as) a code. The username and then the organisation name
 * are left out when the text would not fit otherwise (a long name, digits in it). Throws `RangeError`
 * when even the shortest form does not fit: call it once at startup with the configured phone number.
 */
export function composeChangeSmsText(input: ChangeSmsInput): string {
  const { change, at, locale, username, orgName, servicedeskPhone } = input;
  const parts = dayAndTimeFormat(input.timeZone ?? 'Europe/Stockholm').formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const words = wordsFor(locale).sms;
  const when = {
    change,
    time: `${part('hour')}:${part('minute')}`,
    day: Number(part('day')),
    month: Number(part('month')),
    servicedeskPhone: servicedeskPhone.trim(),
  };
  const org = orgName.trim();
  const candidates = [
    words.changeText({ ...when, username, orgName: org }),
    words.changeText({ ...when, orgName: org }),
    words.changeText(when),
  ];
  const text = candidates.find(
    (candidate) => isSingleGsm7Segment(candidate) && !CODE_LIKE_DIGITS.test(candidate),
  );
  if (text === undefined) {
    throw new RangeError(
      'the change-notice SMS would not fit one segment without a code-like run of digits: write SERVICEDESK_PHONE in groups (0142-36 6000) of the GSM-7 alphabet',
    );
  }
  return text;
}

/** One formatter per time zone: building one costs about as much as the rest of a turn's SMS work. */
const dayAndTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dayAndTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayAndTimeFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      day: 'numeric',
      month: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dayAndTimeFormats.set(timeZone, format);
  }
  return format;
}
