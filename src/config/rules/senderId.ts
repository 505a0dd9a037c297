/**
 * What ACS and Swedish operators accept as an alphanumeric sender: letters, digits and spaces,
 * 1–11 characters, at least one letter (all digits would look like a number someone could call back).
 */
export function isAlphanumericSenderId(from: string): boolean {
  return /^[A-Za-z0-9 ]{1,11}$/.test(from) && /[A-Za-z]/.test(from) && from.trim() === from;
}

export function isE164(from: string): boolean {
  return /^\+[1-9]\d{6,14}$/.test(from);
}
