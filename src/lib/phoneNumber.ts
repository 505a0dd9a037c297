import { getCountries, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** How a national number without a country code (`070-…`) is read unless told otherwise. */
export const DEFAULT_REGION = 'SE';

export interface MobileNumberPolicy {
  /** ISO 3166 country codes (`SE`, `NO`, …) whose mobile numbers may receive a code. */
  readonly allowedCountries: readonly string[];
  /** How to read a national number without a country code (`070-…`); Sweden unless told otherwise. */
  readonly defaultRegion?: string;
}

export type MobileNumberCheck =
  | { readonly ok: true; readonly e164: string; readonly country: string }
  | { readonly ok: false; readonly reason: 'unparseable' | 'not-mobile' | 'country-not-allowed' };

/**
 * A number the way a directory holds it (Graph `+46 701234567`, AD `070-123 45 67`, `+46 (0)70…`,
 * `0046…`, `070.123.45.67`) in E.164 (`+46701234567`); `undefined` when it is not a valid number.
 * Full numbering data (`/max`), so a number read here is one `checkMobileNumber` also accepts as valid.
 */
export function toE164(raw: string, defaultRegion: string = DEFAULT_REGION): string | undefined {
  const parsed = parse(raw, defaultRegion);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * Reads a directory number into E.164 and says whether an SMS may go there: a valid mobile number
 * (fixed-line-or-mobile counts: some countries cannot tell) in an allowed country.
 */
export function checkMobileNumber(raw: string, policy: MobileNumberPolicy): MobileNumberCheck {
  const parsed = parse(raw, policy.defaultRegion ?? DEFAULT_REGION);
  if (!parsed?.isValid() || parsed.country === undefined) return { ok: false, reason: 'unparseable' };
  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') return { ok: false, reason: 'not-mobile' };
  if (!policy.allowedCountries.includes(parsed.country)) return { ok: false, reason: 'country-not-allowed' };
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** True for a two-letter country code the numbering data knows (`SE`, `NO`, …). */
export function isKnownCountry(code: string): boolean {
  return (getCountries() as readonly string[]).includes(code);
}

function parse(raw: string, defaultRegion: string) {
  // "+46 (0)70" carries the trunk prefix in brackets; the library would read it as part of the number.
  const cleaned = raw.trim().replace(/\(0\)/g, '');
  return isKnownCountry(defaultRegion)
    ? parsePhoneNumberFromString(cleaned, defaultRegion as CountryCode)
    : parsePhoneNumberFromString(cleaned);
}
