import assert from 'node:assert/strict';
import { memoryLogger } from '../support/memoryLog';
import { startPlayground } from '../../dev/playground/playground';
import { DEMO_TENANT_ID, DEMO_USER, playgroundConfigYaml } from '../../dev/playground/playgroundConfig';
import { rewriteIncoming, type JsonObject } from '../../dev/playground/playgroundProxy';

describe('demo Playground', () => {
  describe('when the configuration file is written', () => {
    const yaml = playgroundConfigYaml({
      user: DEMO_USER,
      tenantId: DEMO_TENANT_ID,
      bot: { id: '28:bot', name: 'Reset Assistant' },
      conversationId: 'a:1chat',
    });
    const topLevelKeys = yaml
      .split('\n')
      .filter((line) => /^[a-zA-Z]+:/.test(line))
      .map((line) => line.split(':')[0]);

    it('has exactly the keys schema 0.1.1 requires (a locale key makes the Playground exit)', () => {
      assert.deepEqual(topLevelKeys, [
        'version',
        'tenantId',
        'bot',
        'currentUser',
        'users',
        'personalChat',
        'groupChat',
        'team',
      ]);
    });

    it('makes Anna the current user, so the bot offers her own account', () => {
      assert.match(yaml, /currentUser:\n {2}id: "29:1playground-user-anna"\n {2}name: "Anna Svensson"/);
      assert.match(yaml, /aadObjectId: "6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01"/);
      assert.equal(yaml.match(/^ {2}- id: /gm)?.length, 5, 'five other users');
    });
  });

  describe('when an activity passes the proxy', () => {
    // As Playground 0.2.28 sends it (docs/dev/playground.md), trimmed.
    const activity = (): JsonObject => ({
      type: 'message',
      text: 'hej',
      serviceUrl: 'http://127.0.0.1:56150/_connector',
      locale: 'en-US',
      entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web' }],
    });

    it('carries the chosen locale in activity.locale and clientInfo', () => {
      const rewritten = activity();
      rewriteIncoming(rewritten, 'sv-SE', 'http://127.0.0.1:4000/_connector');
      assert.deepEqual(rewritten, {
        type: 'message',
        text: 'hej',
        serviceUrl: 'http://127.0.0.1:4000/_connector',
        locale: 'sv-SE',
        entities: [{ type: 'clientInfo', locale: 'sv-SE', country: 'SE', platform: 'Web' }],
      });
    });

    it('leaves a conversationUpdate without locale alone apart from the reply address', () => {
      const update: JsonObject = { type: 'conversationUpdate', serviceUrl: 'http://x/_connector' };
      rewriteIncoming(update, 'sv-SE', 'http://127.0.0.1:4000/_connector');
      assert.deepEqual(update, {
        type: 'conversationUpdate',
        serviceUrl: 'http://127.0.0.1:4000/_connector',
      });
    });
  });

  describe('when the Playground cannot start', () => {
    it('reports the problem instead of throwing, so the bot keeps running', async () => {
      const { logger, log } = memoryLogger();
      const result = await startPlayground({
        botEndpoint: 'http://127.0.0.1:1/api/messages',
        port: 0,
        locale: 'sv-SE',
        headless: true,
        logger,
        cliPath: '/nonexistent/cli.js',
      });
      assert.equal(result.playground, undefined);
      assert.match(result.problem ?? '', /not installed/);
      assert.ok(log.lines.some((line) => line.includes('Agents Playground did not start')));
    });
  });
});
