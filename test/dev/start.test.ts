import assert from 'node:assert/strict';
import { once } from 'node:events';
import { playgroundCompanion } from '../../dev/start';
import { startBot, type BotHarness } from '../support/botHarness';
import { DEV_ENTRY, freePort, spawnBot, waitForOutput, type BotProcess } from '../support/botProcess';
import { modulesLoadedByEntryPoint } from '../support/loadedModules';

/** Nobody answers there (any more). */
async function refused(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

async function stopped(started: BotProcess): Promise<number | null> {
  started.child.kill('SIGTERM');
  const [code] = (await once(started.child, 'exit')) as [number | null];
  return code;
}

describe('npm start (dev/start.ts)', function () {
  this.timeout(90_000);

  describe('when nothing is configured', () => {
    it('starts the bot and the Agents Playground, the banner says where to open it, SIGTERM stops both', async () => {
      const playgroundPort = await freePort();
      const started = spawnBot(
        { PORT: '0', HOST: '127.0.0.1', STORAGE: 'memory', PLAYGROUND_PORT: String(playgroundPort) },
        DEV_ENTRY,
      );
      try {
        const [, playgroundUrl = ''] = await waitForOutput(
          started,
          /Open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/,
          60_000,
        );
        await waitForOutput(started, /Stop with Ctrl\+C/);
        assert.match(started.output(), /DEMO MODE/);
        assert.match(started.output(), /as Anna Svensson/);
        // The log line may reach stdout after the banner (pino writes through its own buffer).
        const [, botUrl] = await waitForOutput(started, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
        assert.equal((await fetch(`${botUrl}/healthz`)).status, 200);
        assert.equal((await fetch(playgroundUrl)).status, 200);

        assert.equal(await stopped(started), 0);
        assert.ok(await refused(playgroundUrl), 'the Playground stopped with the bot');
      } finally {
        if (started.child.exitCode === null) started.child.kill('SIGKILL');
      }
    });
  });

  describe('when the Playground is switched on but cannot start', () => {
    let bot: BotHarness;
    beforeEach(async () => (bot = await startBot({ PLAYGROUND: 'true' })));
    afterEach(() => bot.stop());

    it('gives the banner the reason instead of a URL, and the bot keeps answering', async () => {
      const port = Number(new URL(bot.botUrl).port);
      const companion = await playgroundCompanion({ cliPath: '/nonexistent/cli.js' })(bot.app, {
        url: bot.botUrl,
        port,
      });
      assert.equal(companion?.chatLines, undefined);
      assert.match(companion?.problem ?? '', /^Agents Playground is not running \(.*not installed\)$/);
      assert.equal((await fetch(`${bot.botUrl}/healthz`)).status, 200);
    });
  });

  describe('when PLAYGROUND=false', () => {
    let bot: BotHarness;
    beforeEach(async () => (bot = await startBot({ PLAYGROUND: 'false' })));
    afterEach(() => bot.stop());

    it('starts no Playground', async () => {
      const port = Number(new URL(bot.botUrl).port);
      const companion = await playgroundCompanion({ cliPath: '/nonexistent/cli.js' })(bot.app, {
        url: bot.botUrl,
        port,
      });
      assert.equal(companion, undefined);
    });
  });
});

describe('the production entry point (node dist/src/index.js)', function () {
  this.timeout(60_000);

  describe('when loaded', () => {
    it('loads nothing from the development tools (a production image has no dist/dev)', () => {
      const devFiles = modulesLoadedByEntryPoint().filter((file) =>
        /[\\/]dist[\\/]dev[\\/]|m365agentsplayground/i.test(file),
      );
      assert.deepEqual(devFiles, []);
    });
  });

  describe('when started in demo mode', () => {
    it('starts no Playground and its banner says that npm start adds one', async () => {
      const playgroundPort = await freePort();
      const started = spawnBot({
        PORT: '0',
        HOST: '127.0.0.1',
        STORAGE: 'memory',
        PLAYGROUND_PORT: String(playgroundPort),
      });
      try {
        await waitForOutput(started, /Stop with Ctrl\+C/, 20_000);
        const output = started.output();
        assert.match(output, /DEMO MODE/);
        assert.match(output, /`npm start` adds the Agents Playground/);
        assert.match(output, /agentsplayground -e http:\/\/127\.0\.0\.1:\d+\/api\/messages -c msteams/);
        assert.ok(await refused(`http://127.0.0.1:${playgroundPort}/`), 'nothing on the Playground port');
        assert.equal(await stopped(started), 0);
      } finally {
        if (started.child.exitCode === null) started.child.kill('SIGKILL');
      }
    });
  });
});
