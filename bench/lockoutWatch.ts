/**
 * `node dist/bench/lockoutWatch.js`: what one round of the lockout watcher costs against a real Samba AD
 * DC holding BENCH_ACCOUNTS (2000) employees, some locked by real failed binds. A round is one LDAPS
 * connection, one bind, one paged search on lockoutTime and an unbind. Starts Samba on the fixed
 * LDAP ports 389/636: run it alone.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WatchedActiveDirectory } from '../src/ad/lockoutFeed';
import { createLogger } from '../src/logging/logger';
import { startSambaDc, type SambaDc } from '../test/support/samba';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2000);
const LOCKED = Number(process.env.BENCH_LOCKED ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);

async function inParallel(
  count: number,
  width: number,
  work: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

function stats(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  return `median ${at(0.5)} ms, p95 ${at(0.95)} ms, min ${sorted[0]!.toFixed(1)} ms (n=${samples.length})`;
}

async function main(): Promise<void> {
  const dc: SambaDc = await startSambaDc();
  try {
    const created = performance.now();
    const users = new Array<Awaited<ReturnType<SambaDc['createEmployee']>>>(ACCOUNTS);
    await inParallel(ACCOUNTS, 8, async (i) => {
      users[i] = await dc.createEmployee({ username: `bench.${String(i).padStart(5, '0')}` });
    });
    console.log(`created ${ACCOUNTS} accounts in ${((performance.now() - created) / 1000).toFixed(1)} s`);
    const start = new Date(Date.now() - 5_000);
    for (const user of users.slice(0, LOCKED)) await dc.lockOut(user);

    const directory = new WatchedActiveDirectory({
      urls: [dc.url],
      baseDn: dc.baseDn,
      bindDn: dc.service.dn,
      bindPassword: dc.service.password,
      ca: readFileSync(dc.caFile),
      timeoutMs: 10_000,
      enforceHistory: false,
      allowProtected: false,
      logger: createLogger({ level: 'silent' }),
    });
    const round: number[] = [];
    let found = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      found = (await directory.lockedSince(start)).length;
      round.push(performance.now() - t);
    }
    console.log(
      `lockout round (connect, bind, search lockoutTime>=since, unbind): ${stats(round)}; found ${found} locked`,
    );

    const idle: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      await directory.lockedSince(new Date());
      idle.push(performance.now() - t);
    }
    console.log(`lockout round with nothing newly locked: ${stats(idle)}`);
  } finally {
    await dc.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
