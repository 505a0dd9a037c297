import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/botProcess';

/** Azurite's well-known development account (public, documented by Microsoft). */
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface Azurite {
  readonly connectionString: string;
  stop(): Promise<void>;
  /** Stops the emulator but keeps its data and ports (only with `persistent`): storage is down. */
  halt(): Promise<void>;
  /** Starts it again after `halt()`, on the same ports with the same data. */
  resume(): Promise<void>;
}

export interface AzuriteOptions {
  /** Keep the data in its folder instead of memory, so it survives `halt()` and `resume()`. */
  readonly persistent?: boolean;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Azurite (blob + table, in memory) on free loopback ports; `stop()` kills it and removes its folder. */
export async function startAzurite(options: AzuriteOptions = {}): Promise<Azurite> {
  const [blobPort, queuePort, tablePort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'azurite-'));
  const bin = path.join(__dirname, '../../../../node_modules/.bin/azurite');
  let child: ChildProcess | undefined;
  let exited = Promise.resolve();
  const halt = async () => {
    if (child?.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const launch = async () => {
    const started = spawn(
      bin,
      [
        '--silent',
        ...(options.persistent ? ['--location', dir] : ['--inMemoryPersistence']),
        '--skipApiVersionCheck',
        '--disableProductStyleUrl',
        '--disableTelemetry',
        ...['--blobHost', '127.0.0.1', '--blobPort', String(blobPort)],
        ...['--queueHost', '127.0.0.1', '--queuePort', String(queuePort)],
        ...['--tableHost', '127.0.0.1', '--tablePort', String(tablePort)],
      ],
      // In memory, so nothing is written; the scratch cwd catches anything that still is.
      { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
    );
    child = started;
    exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    const deadline = Date.now() + 30_000;
    while (!((await accepts(blobPort)) && (await accepts(tablePort)))) {
      if (started.exitCode !== null || Date.now() > deadline) {
        await halt();
        throw new Error('Azurite did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dir, { recursive: true, force: true });
  };
  await launch().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
      `BlobEndpoint=http://127.0.0.1:${blobPort}/${ACCOUNT};TableEndpoint=http://127.0.0.1:${tablePort}/${ACCOUNT};`,
    stop,
    halt,
    resume: launch,
  };
}
