import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { childEnvironment } from '../config';
import type { Logger } from '../reset/ports';

export interface PlaygroundOptions {
  readonly botEndpoint: string;
  readonly port: number;
  readonly locale: string;
  /** No desktop to open a browser on (CI, a server, a container). */
  readonly headless: boolean;
  readonly logger: Logger;
  readonly startTimeoutMs?: number;
}

export interface RunningPlayground {
  readonly url: string;
  stop(): Promise<void>;
}

const CLI = path.resolve(__dirname, '../../../node_modules/@microsoft/m365agentsplayground/cli.js');

/**
 * Starts Microsoft 365 Agents Playground (a local Teams-like client) next to the demo bot. It is a
 * development dependency: when it is not installed the demo still runs, and says how to chat instead.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<RunningPlayground | undefined> {
  const log = options.logger.child({ module: 'playground' });
  if (!existsSync(CLI)) {
    log.warn({}, 'Agents Playground is not installed (npm install without --omit=dev brings it)');
    return undefined;
  }
  const workDir = mkdtempSync(path.join(tmpdir(), 'reset-assistant-playground-'));
  writeFileSync(path.join(workDir, '.m365agentsplayground.yml'), playgroundConfig(options.locale));
  const child = spawn(
    process.execPath,
    [CLI, 'start', '-e', options.botEndpoint, '-c', 'msteams', '-p', String(options.port), '--dt'],
    {
      cwd: workDir,
      env: options.headless
        ? childEnvironment({ prependPath: noBrowserOpening(workDir) })
        : childEnvironment(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = `http://127.0.0.1:${options.port}`;
  child.stderr?.on('data', (chunk: Buffer) =>
    log.debug({ line: chunk.toString().trim().slice(0, 500) }, 'playground'),
  );
  child.stdout?.on('data', () => undefined);
  try {
    await waitUntilServing(url, child, options.startTimeoutMs ?? 30_000);
  } catch (error) {
    child.kill('SIGTERM');
    rmSync(workDir, { recursive: true, force: true });
    log.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'Agents Playground did not start',
    );
    return undefined;
  }
  log.info({ url }, 'Agents Playground started');
  return {
    url,
    stop: async () => {
      await stopChild(child);
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** The Playground's own configuration: the locale it sends and a Swedish-sounding demo user. */
function playgroundConfig(locale: string): string {
  return [
    'currentUser:',
    '  name: Anna Svensson',
    '  aadObjectId: 6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
    `locale: ${JSON.stringify(locale)}`,
    '',
  ].join('\n');
}

/**
 * Without a desktop the Playground exits when it cannot open a browser; a no-op `xdg-open` first on
 * PATH keeps it running. Returns the folder to put first on PATH.
 */
function noBrowserOpening(workDir: string): string {
  const bin = path.join(workDir, 'bin');
  mkdirSync(bin, { recursive: true });
  const xdgOpen = path.join(bin, 'xdg-open');
  writeFileSync(xdgOpen, '#!/bin/sh\nexit 0\n');
  chmodSync(xdgOpen, 0o755);
  return bin;
}

async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the Playground exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the Playground did not answer at ${url} within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
