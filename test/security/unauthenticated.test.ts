import assert from 'node:assert/strict';
import { startBot, type BotHarness } from '../support/botHarness';

describe('ALLOW_UNAUTHENTICATED_REQUESTS', () => {
  describe('when a real SMS provider runs without bot credentials by the operator’s choice', () => {
    let bot: BotHarness;

    before(async () => {
      bot = await startBot({ ALLOW_UNAUTHENTICATED_REQUESTS: 'true' });
    });

    after(async () => {
      await bot.stop();
    });

    it('says so in /readyz, where a monitor sees it', async () => {
      const ready = await fetch(`${bot.botUrl}/readyz`);

      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), {
        status: 'ready',
        dependencies: { storage: { state: 'ready' }, directory: { state: 'ready' } },
        authentication: 'off: ALLOW_UNAUTHENTICATED_REQUESTS=true',
      });
    });

    it('says so in the log at start', () => {
      assert.ok(
        bot.logs.some(
          (line) => line.includes('ALLOW_UNAUTHENTICATED_REQUESTS=true') && line.includes('"level":40'),
        ),
        bot.logs.slice(0, 5).join('\n'),
      );
    });
  });

  describe('when the bot has credentials', () => {
    let bot: BotHarness;

    before(async () => {
      bot = await startBot({
        MicrosoftAppId: '00000000-0000-0000-0000-0000000000b1',
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: '00000000-0000-0000-0000-0000000000a1',
      });
    });

    after(async () => {
      await bot.stop();
    });

    it('answers /readyz without the notice', async () => {
      const ready = await fetch(`${bot.botUrl}/readyz`);

      assert.deepEqual(await ready.json(), {
        status: 'ready',
        dependencies: { storage: { state: 'ready' }, directory: { state: 'ready' } },
      });
    });
  });
});
