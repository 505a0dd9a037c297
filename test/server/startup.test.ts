import assert from 'node:assert/strict';
import { once } from 'node:events';
import { spawnBot, waitForOutput, type BotProcess } from '../support/botProcess';

/**
 * Listening and banner printed. The banner is written after listen, but the log line may reach stdout
 * after it (pino writes through its own buffer), so each is waited for.
 */
async function waitForUrl(started: BotProcess): Promise<string> {
  await waitForOutput(started, /Stop with Ctrl\+C/, 15_000);
  await waitForOutput(started, /"url":"http:\/\/127\.0\.0\.1:\d+"/, 15_000);
  const [, url] = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(started.output()) ?? [];
  assert.ok(url, 'the listening line names the URL');
  return url;
}

describe('the bot process', () => {
  describe('when started with nothing configured but a free port', () => {
    it('says loudly it is a demo, answers /healthz and /readyz, and stops cleanly on SIGTERM', async () => {
      const started = spawnBot({ PORT: '0', HOST: '127.0.0.1', PLAYGROUND: 'false', STORAGE: 'memory' });
      try {
        const url = await waitForUrl(started);
        assert.match(started.output(), /DEMO MODE/);
        assert.match(started.output(), /NOT authenticated/);
        assert.equal((await fetch(`${url}/healthz`)).status, 200);
        const ready = await fetch(`${url}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), {
          status: 'ready',
          dependencies: { storage: { state: 'ready' }, directory: { state: 'ready' } },
        });

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
      const started = spawnBot({ NODE_ENV: 'production', PORT: 'abc', SMS_PROVIDER: 'console' });
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
