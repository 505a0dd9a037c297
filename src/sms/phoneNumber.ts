import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { PhoneNumber } from '../reset/account';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';

export interface MobileNumberPolicy {
  /** ISO 3166 country codes (`SE`, `NO`, …) whose mobile numbers may receive a code. */
  readonly allowedCountries: readonly string[];
  /** How to read a national number without a country code (`070-…`); Sweden unless told otherwise. */
  readonly defaultRegion?: string;
}

export type MobileNumberCheck =
  | { readonly ok: true; readonly e164: PhoneNumber; readonly country: string }
  | { readonly ok: false; readonly reason: 'unparseable' | 'not-mobile' | 'country-not-allowed' };

/**
 * Reads a number the way the directory holds it (Graph `+46 701234567`, AD `070-123 45 67`,
 * `+46 (0)70…`, `0046…`) into E.164, and says whether an SMS may go there: a valid mobile number
 * (fixed-line-or-mobile counts: some countries cannot tell) in an allowed country.
 */
export function checkMobileNumber(raw: string, policy: MobileNumberPolicy): MobileNumberCheck {
  // "+46 (0)70" carries the trunk prefix in brackets; the library reads it as part of the number.
  const cleaned = raw.replace(/\(0\)/g, '');
  const parsed = parsePhoneNumberFromString(cleaned, (policy.defaultRegion ?? 'SE') as CountryCode);
  if (!parsed?.isValid() || parsed.country === undefined) return { ok: false, reason: 'unparseable' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'not-mobile' };
  if (!policy.allowedCountries.includes(parsed.country)) return { ok: false, reason: 'country-not-allowed' };
  return { ok: true, e164: parsed.number as PhoneNumber, country: parsed.country };
}

export { isKnownCountry } from '../config/rules/senderId';

/**
 * Guards the real sender: a number that is not a mobile number in an allowed country is refused
 * before anything is sent, as a non-recoverable error, so the case records why and no code goes
 * to a landline or an expensive destination.
 */
export class MobileNumberGuard implements SmsSender {
  constructor(
    private readonly inner: SmsSender,
    private readonly policy: MobileNumberPolicy,
  ) {}

  send(message: SmsMessage): Promise<void> {
    const check = checkMobileNumber(message.to, this.policy);
    if (!check.ok) {
      return Promise.reject(new SmsSendError(`number not allowed (${check.reason})`, { recoverable: false }));
    }
    return this.inner.send({ ...message, to: check.e164 });
  }
}
