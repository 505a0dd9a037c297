const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A GUID in its text form (`5e1d2f3a-0b1c-4d2e-8f3a-…`), either case, no braces or padding: Entra
 * object and tenant ids, AD `objectGUID`. Callers trim first where the value comes from a person.
 */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
