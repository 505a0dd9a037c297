/**
 * `/readyz` per dependency: each check resolves when its dependency answers, and rejects (or runs out of
 * time) when not. The answer names the dependency and a reason that is a class name or `timeout`, never
 * an error's text, a host or a key: the endpoint is unauthenticated.
 */

/** Resolves when the dependency is usable; its rejection's class name becomes the reason. */
export type ReadinessCheck = () => Promise<unknown>;

export type DependencyState =
  { readonly state: 'ready' } | { readonly state: 'not-ready'; readonly reason: string };

export interface Readiness {
  readonly ready: boolean;
  readonly dependencies: Readonly<Record<string, DependencyState>>;
}

/** Runs every check at once, each within `timeoutMs`. */
export async function checkReadiness(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<Readiness> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => [name, await within(check, timeoutMs)] as const),
  );
  return {
    ready: entries.every(([, result]) => result.state === 'ready'),
    dependencies: Object.fromEntries(entries),
  };
}

async function within(check: ReadinessCheck, timeoutMs: number): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'not-ready', reason: 'timeout' }), timeoutMs);
  });
  const answer = Promise.resolve()
    .then(check)
    .then(
      (): DependencyState => ({ state: 'ready' }),
      (error: unknown): DependencyState => ({
        state: 'not-ready',
        reason: error instanceof Error ? error.name : 'error',
      }),
    );
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A check whose answer is reused for `ttlMs` (probes from every instance's health check, and from the
 * load balancer, should not each cost a directory lookup); concurrent probes share one run.
 */
export function reusedFor(
  ttlMs: number,
  check: ReadinessCheck,
  now: () => number = Date.now,
): ReadinessCheck {
  let last: { at: number; result: Promise<unknown> } | undefined;
  return () => {
    if (last === undefined || now() - last.at >= ttlMs) {
      const result = check();
      const run = { at: now(), result };
      // A failure is not kept: the next probe tries again.
      void result.catch(() => {
        if (last === run) last = undefined;
      });
      last = run;
    }
    return last.result;
  };
}
