import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { problem, type ConfigContext } from './fields';

/** A secret of at least 32 characters, required in production; elsewhere a random one stands in. */
export function checkSecret(
  key: string,
  value: string | undefined,
  { production }: ConfigContext,
  context: z.RefinementCtx,
): void {
  if (value === undefined) {
    if (production) problem(context, key, 'required in production');
  } else if (value.length < 32) problem(context, key, 'must be at least 32 characters');
}

export function secretOrGenerated(value: string | undefined): { secret: string; generated: boolean } {
  return value !== undefined
    ? { secret: value, generated: false }
    : { secret: randomBytes(32).toString('base64url'), generated: true };
}
