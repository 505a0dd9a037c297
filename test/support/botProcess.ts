import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The production entry point (Dockerfile, systemd unit), as built into dist/. */
const ENTRY = path.resolve(__dirname, '../../src/index.js');
/** What `npm start` runs: the same app plus the Agents Playground (dev/start.ts). */
export const DEV_ENTRY = path.resolve(__dirname, '../../dev/start.js');

export interface BotProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr together. */
  output(): string;
}

/** The real bot in its own process, with only the given environment (and PATH). */
export function spawnBot(env: Record<string, string>, entry = ENTRY): BotProcess {
  const child = spawn(process.execPath, [entry], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Waits until the output matches; fails with the output when the process exits or time runs out. */
export async function waitForOutput(
  bot: BotProcess,
  pattern: RegExp,
  timeoutMs = 20_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(bot.output());
    if (match) return match;
    if (bot.child.exitCode !== null) throw new Error(`exited early:\n${bot.output()}`);
    if (Date.now() > deadline)
      throw new Error(`no ${String(pattern)} within ${timeoutMs} ms:\n${bot.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A loopback port nobody listens on right now, for a server whose URL must be known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}
