import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openAzureStores } from '../../../src/storage/azure/stores';
import { ANNA_AAD_OBJECT_ID } from '../../support/botHarness';
import { freePort, spawnBot, waitForOutput, type BotProcess } from '../../support/botProcess';
import { ConnectorStub } from '../../support/connectorStub';
import { ManagedIdentityEndpoint } from '../../support/managedIdentityEndpoint';
import { SmsReceiver } from '../../support/smsReceiver';
import { TeamsUser } from '../../support/teamsUser';
import { startSecureAzurite, type SecureAzurite } from './azuriteOauth';

/**
 * STORAGE=azure with the two endpoint URLs and no key: the production entry point builds
 * `DefaultAzureCredential`, which on App Service takes its token from the managed identity endpoint
 * (IDENTITY_ENDPOINT, IDENTITY_HEADER). Azurite serves HTTPS with a certificate only
 * AZURE_STORAGE_CA_FILE trusts, and accepts only bearer tokens for Storage.
 */
describe('Azure stores with a managed identity (Azurite over HTTPS with OAuth)', function () {
  this.timeout(90_000);
  let azurite: SecureAzurite;
  const identity = new ManagedIdentityEndpoint();
  const sms = new SmsReceiver();
  const connector = new ConnectorStub();
  const running: BotProcess[] = [];
  let base: Record<string, string>;
  let serviceUrl: string;

  before(async () => {
    const [az, identityUrl, smsUrl, connectorUrl] = await Promise.all([
      startSecureAzurite(),
      identity.start(),
      sms.start(),
      connector.start(),
    ]);
    azurite = az;
    serviceUrl = connectorUrl;
    base = {
      HOST: '127.0.0.1',
      PLAYGROUND: 'false',
      STORAGE: 'azure',
      AZURE_STORAGE_BLOB_URL: azurite.blobUrl,
      AZURE_STORAGE_TABLE_URL: azurite.tableUrl,
      IDENTITY_ENDPOINT: identityUrl,
      IDENTITY_HEADER: identity.header,
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: smsUrl,
      ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
      CODE_HASH_SECRET: 'managed-identity-test-secret-0123456789',
      UNIFORM_ANSWER_MIN_MS: '0',
    };
  });

  after(async () => {
    for (const bot of running) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await Promise.all([azurite?.stop(), identity.stop(), sms.stop(), connector.stop()]);
  });

  async function start(env: Record<string, string>): Promise<string> {
    const port = await freePort();
    const bot = spawnBot({ ...base, PORT: String(port), ...env });
    running.push(bot);
    await waitForOutput(bot, /"url":"http:\/\/127\.0\.0\.1:\d+"/, 30_000);
    return `http://127.0.0.1:${port}`;
  }

  describe('when the CA file names Azurite’s certificate', () => {
    it('is ready, and a whole unlock runs on Storage (state, case, audit) with tokens from the identity', async () => {
      const botUrl = await start({ AZURE_STORAGE_CA_FILE: azurite.caFile });
      const ready = await fetch(`${botUrl}/readyz`);
      const body = (await ready.json()) as { dependencies: Record<string, unknown> };
      assert.equal(ready.status, 200, JSON.stringify(body));
      assert.deepEqual(body.dependencies['storage'], { state: 'ready' });

      const anna = new TeamsUser({ botUrl, serviceUrl, connector, aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      assert.match((await anna.submit('account.own')).text, /slutar på ••05/);
      await anna.say(sms.latestCode());
      assert.match((await anna.submit('choice.unlock')).text, /Ditt konto är nu upplåst/);

      const storageTokens = identity.requests.filter((request) =>
        request.resource?.startsWith('https://storage.azure.com'),
      );
      assert.ok(storageTokens.length > 0, JSON.stringify(identity.requests));
      assert.ok(storageTokens.every((request) => request.headerMatched));

      // What the bot wrote, read back over the same HTTPS + OAuth path.
      const stores = openAzureStores(
        {
          blobUrl: azurite.blobUrl,
          tableUrl: azurite.tableUrl,
          caPem: readFileSync(azurite.caFile, 'utf8'),
          credential: {
            getToken: (scopes) => {
              const { token, expiresOn } = identity.mint(String(scopes).replace('/.default', ''));
              return Promise.resolve({ token, expiresOnTimestamp: expiresOn * 1000 });
            },
          },
        },
        { transcriptDays: 30, auditDays: 365 },
      );
      const [record] = await stores.cases.list();
      assert.equal(record?.outcome, 'unlocked');
      const events = await stores.audit.query({ caseId: record?.id ?? '' });
      assert.ok(events.some((event) => event.type === 'outcome'));
    });
  });

  describe('when no CA file is given', () => {
    it('does not trust the certificate: /readyz names the store as not ready', async () => {
      const botUrl = await start({});
      const ready = await fetch(`${botUrl}/readyz`);
      const body = (await ready.json()) as { dependencies: Record<string, { state: string }> };
      assert.equal(ready.status, 503);
      assert.equal(body.dependencies['storage']?.state, 'not-ready');
    });
  });
});
