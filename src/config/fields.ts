import { accessSync, constants, statSync } from 'node:fs';
import { z } from 'zod';

/** What every area's rules may depend on besides its own settings. */
export interface ConfigContext {
  readonly production: boolean;
}

export const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Empty or blank text counts as not set. */
export const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const flag = (fallback: 'true' | 'false') => z.enum(['true', 'false']).default(fallback);

/** Reports one problem against one setting: it reads `KEY: message` in the ConfigError. */
export function problem(context: z.RefinementCtx, key: string, message: string): void {
  context.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
}

export function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** `value` parsed as a URL with one of `protocols`, or undefined. */
export function urlWith(value: string, protocols: readonly string[]): URL | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  return protocols.includes(url.protocol) ? url : undefined;
}
