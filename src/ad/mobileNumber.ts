import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { toPhoneNumber, type PhoneNumber } from '../reset/account';

/**
 * The mobile attribute as people type it in AD Users and Computers (`070-123 45 67`,
 * `+46 (0)70 123 45 67`, `0046 70…`) in E.164; `undefined` when it is not a valid number.
 */
export function normaliseMobile(raw: string, defaultRegion: CountryCode): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultRegion);
  if (!parsed?.isValid()) return undefined;
  return toPhoneNumber(parsed.number);
}
