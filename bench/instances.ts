/**
 * `BENCH_INSTANCES=3 npm run bench`: the bot on Azure Storage (Azurite) as one instance, then as
 * BENCH_INSTANCES instances behind a round-robin proxy (every turn on the next instance), driven by
 * BENCH_CONCURRENCY (10) people doing unlock cases for BENCH_SECONDS (6) each. Reports storage round
 * trips per turn (counted by a proxy in front of Azurite) and resets per second; writes
 * bench/results/instances.json. Every process runs on this machine: on 2 cores the figure shows what
 * sharing costs (turn leases, more round trips, more processes on the same cores), not scaling.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startAzurite } from '../test/storage/azure/azurite';
import { freePort, spawnBot, waitForOutput, type BotProcess } from '../test/support/botProcess';
import { ConnectorStub } from '../test/support/connectorStub';
import { RoundRobinProxy } from '../test/support/roundRobinProxy';
import { SmsReceiver } from '../test/support/smsReceiver';
import { TeamsUser } from '../test/support/teamsUser';

const INSTANCES = Math.max(2, Number(process.env.BENCH_INSTANCES ?? 3));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 10);
const ACCOUNTS = 200;
/** hej, own account, code, keep and unlock. */
const TURNS_PER_RESET = 4;

interface Figure {
  readonly instances: number;
  readonly resets: number;
  readonly resetsPerSecond: number;
  readonly turns: number;
  readonly storageRoundTripsPerTurn: number;
  readonly failedCases: number;
}

/** Counts the HTTP requests that pass on to `target` (Azurite's blob or table port). */
async function countingProxy(target: URL): Promise<{ url: string; count: () => number; stop: () => void }> {
  let count = 0;
  const server: Server = createServer((incoming, outgoing) => {
    count++;
    const forward = request(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.on('error', () => outgoing.destroy());
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    stop: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

function directory(): { users: object[] } {
  return {
    users: Array.from({ length: ACCOUNTS }, (_, index) => {
      const n = String(index).padStart(4, '0');
      return {
        username: `bench${n}`,
        displayName: `Bench ${n}`,
        upn: `bench${n}@kommun.example`,
        mobile: `+4670175${n}`,
        locked: true,
        synced: true,
        aadObjectId: `00000000-0000-4000-8000-00000000${n}`,
        enabled: true,
      };
    }),
  };
}

async function measure(instances: number, work: string): Promise<Figure> {
  const azurite = await startAzurite();
  const blob = new URL(/BlobEndpoint=([^;]+)/.exec(azurite.connectionString)![1]!);
  const table = new URL(/TableEndpoint=([^;]+)/.exec(azurite.connectionString)![1]!);
  const [blobCounter, tableCounter] = await Promise.all([countingProxy(blob), countingProxy(table)]);
  const connectionString = azurite.connectionString
    .replace(blob.origin, blobCounter.url)
    .replace(table.origin, tableCounter.url);
  const sms = new SmsReceiver();
  const connector = new ConnectorStub();
  const [smsUrl, serviceUrl] = await Promise.all([sms.start(), connector.start()]);
  const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
  const proxy = new RoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  const botUrl = await proxy.start();
  const bots: BotProcess[] = [];
  try {
    for (const port of ports) {
      const bot = spawnBot({
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PLAYGROUND: 'false',
        STORAGE: 'azure',
        AZURE_STORAGE_CONNECTION_STRING: connectionString,
        DEMO_DIRECTORY_FILE: path.join(work, 'directory.json'),
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: smsUrl,
        ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
        CODE_HASH_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        UNIFORM_ANSWER_MIN_MS: '0',
        NOTIFY_OWNER_SMS: 'false',
        CASES_PER_REQUESTER_PER_HOUR: '1000',
        SMS_HOURLY_BUDGET: '100000',
        SMS_PER_ACCOUNT_PER_HOUR: '100',
      });
      bots.push(bot);
    }
    // Listening is logged at info; with LOG_LEVEL=warn, wait for the port instead.
    await Promise.all(
      bots.map(async (bot, index) => {
        for (const started = Date.now(); ;) {
          const up = await fetch(`http://127.0.0.1:${ports[index]}/healthz`).then(
            (answer) => answer.ok,
            () => false,
          );
          if (up) return;
          if (bot.child.exitCode !== null || Date.now() - started > 60_000)
            await waitForOutput(bot, /never/, 0);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }),
    );

    let resets = 0;
    let failed = 0;
    let turns = 0;
    let nextAccount = 0;
    const oneCase = async (): Promise<void> => {
      const index = nextAccount++ % ACCOUNTS;
      const n = String(index).padStart(4, '0');
      const phone = `+4670175${n}`;
      const user = new TeamsUser({
        botUrl,
        serviceUrl,
        connector,
        aadObjectId: `00000000-0000-4000-8000-00000000${n}`,
        userId: `29:bench${n}-${nextAccount}`,
      });
      await user.say('hej');
      const sent = await user.submit('account.own');
      const code = [...sms.received].reverse().find((message) => message.to === phone)?.message;
      const digits = code && /\b(\d{6})\b/.exec(code)?.[1];
      turns += 2;
      if (!/slutar på/.test(sent.text) || !digits) {
        failed++;
        return;
      }
      await user.say(digits);
      const done = await user.submit('choice.unlock');
      turns += 2;
      if (/upplåst/.test(done.text)) resets++;
      else failed++;
    };
    // Warm-up: the containers and tables are created, the code paths compiled.
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, instances * 2) }, () => oneCase()));
    resets = failed = turns = 0;
    const before = blobCounter.count() + tableCounter.count();
    const began = performance.now();
    const deadline = began + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (performance.now() < deadline) await oneCase();
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    const roundTrips = blobCounter.count() + tableCounter.count() - before;
    return {
      instances,
      resets,
      resetsPerSecond: Math.round((resets / seconds) * 100) / 100,
      turns,
      storageRoundTripsPerTurn: Math.round((roundTrips / Math.max(1, turns)) * 10) / 10,
      failedCases: failed,
    };
  } finally {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGTERM');
    await Promise.all([proxy.stop(), sms.stop(), connector.stop()]);
    blobCounter.stop();
    tableCounter.stop();
    await azurite.stop();
  }
}

/** Runs the comparison and prints it; `results` is bench/results. */
export async function runInstances(results: string): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'reset-bench-instances-'));
  try {
    writeFileSync(path.join(work, 'directory.json'), JSON.stringify(directory()));
    const figures = [await measure(1, work), await measure(INSTANCES, work)];
    const note =
      `${cpus().length} cores shared by Azurite, the load generator and every instance: ` +
      'the difference shows what sharing costs (turn leases, round trips, more processes), not scaling.';
    process.stdout.write(
      `\nSTORAGE=azure (Azurite), ${CONCURRENCY} people, ${SECONDS} s each, ${TURNS_PER_RESET} turns a reset\n` +
        'instances  resets/s  storage round trips/turn  resets  failed\n' +
        figures
          .map(
            (f) =>
              `${String(f.instances).padStart(9)}  ${String(f.resetsPerSecond).padStart(8)}  ` +
              `${String(f.storageRoundTripsPerTurn).padStart(24)}  ${String(f.resets).padStart(6)}  ${String(f.failedCases).padStart(6)}`,
          )
          .join('\n') +
        `\n${note}\n`,
    );
    mkdirSync(results, { recursive: true });
    writeFileSync(
      path.join(results, 'instances.json'),
      `${JSON.stringify({ at: new Date().toISOString(), concurrency: CONCURRENCY, seconds: SECONDS, figures, note }, null, 2)}\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
