/**
 * One fixed seed for every property, so CI runs the same cases each time and a failure reproduces;
 * fast-check prints the seed and the counterexample path on failure. `FUZZ_SEED=random` explores
 * new cases locally, `FUZZ_SCALE=10` runs ten times as many.
 */
export const FUZZ_SEED = seedFrom(process.env['FUZZ_SEED']);

const SCALE = Number(process.env['FUZZ_SCALE'] ?? '1');

/** Runs for one property, scaled by `FUZZ_SCALE`. */
export function runs(count: number): number {
  return Math.max(1, Math.round(count * (Number.isFinite(SCALE) && SCALE > 0 ? SCALE : 1)));
}

function seedFrom(value: string | undefined): number {
  if (value === 'random') return Math.floor(Math.random() * 2 ** 31);
  const parsed = Number(value);
  return value !== undefined && Number.isInteger(parsed) ? parsed : 20261125;
}
