import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const ENTRY = path.resolve(__dirname, '../../src/index.js');

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
}

/** The real entry point as `npm start` runs it, in its own process, with only the given environment. */
function startProcess(env: Record<string, string>): Started {
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function waitForUrl(started: Started, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // Ready when it both listens and has printed its banner (the banner comes after listen).
    const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(started.output());
    if (match?.[1] && /Stop with Ctrl\+C/.test(started.output())) return match[1];
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`not listening within ${timeoutMs} ms:\n${started.output()}`);
}

describe('the bot process', () => {
  describe('when started with nothing configured but a free port', () => {
    it('says loudly it is a demo, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
      const started = startProcess({ PORT: '0', HOST: '127.0.0.1', PLAYGROUND: 'false', STORAGE: 'memory' });
      try {
        const url = await waitForUrl(started);
        assert.match(started.output(), /DEMO MODE/);
        assert.match(started.output(), /NOT authenticated/);
        assert.equal((await fetch(`${url}/healthz`)).status, 200);
        const ready = await fetch(`${url}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), { status: 'ready' });

        started.child.kill('SIGTERM');
        const [code] = (await once(started.child, 'exit')) as [number | null];
        assert.equal(code, 0);
        assert.match(started.output(), /shutting down/);
      } finally {
        if (started.child.exitCode === null) started.child.kill('SIGKILL');
      }
    });
  });

  describe('when started for production without its settings', () => {
    it('refuses to start and lists every problem at once', async () => {
      const started = startProcess({ NODE_ENV: 'production', PORT: 'abc', SMS_PROVIDER: 'console' });
      const [code] = (await once(started.child, 'exit')) as [number | null];
      assert.equal(code, 1);
      const output = started.output();
      for (const key of ['PORT', 'DIRECTORY', 'SMS_PROVIDER', 'MicrosoftAppId', 'CODE_HASH_SECRET']) {
        assert.match(output, new RegExp(`- ${key}:`), `${key} is named`);
      }
      assert.doesNotMatch(output, /\n\s+at /, 'no stack trace');
    });
  });
});
