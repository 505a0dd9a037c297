import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../../src/config';
import type { StoreItem } from 'botbuilder';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import { AzureAuditLog } from '../../../src/storage/azure/auditLog';
import { AzureBlobStorage } from '../../../src/storage/azure/botStorage';
import { AzureCaseStore } from '../../../src/storage/azure/caseStore';
import { AzureRetention } from '../../../src/storage/azure/retention';
import { AzureTranscriptStore } from '../../../src/storage/azure/transcriptStore';
import { tableClient } from '../../../src/storage/azure/tables';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../../support/botHarness';
import { startAzurite, type Azurite } from './azurite';
import {
  auditEvent,
  auditLogContract,
  botStorageContract,
  caseJournalContract,
  caseRecord,
  caseStoreContract,
  transcriptStoreContract,
  type Fresh,
} from '../contracts';

const DAY_MS = 24 * 60 * 60_000;

describe('Azure stores (STORAGE=azure, against Azurite)', function () {
  this.timeout(60_000);
  let azurite: Azurite | undefined;
  let names = 0;
  // Containers and tables are per test, so each contract test starts empty on the one Azurite.
  const fresh = <T>(build: (connectionString: string, name: string) => T): Fresh<T> => {
    return () => ({ store: build(started().connectionString, `t${Date.now().toString(36)}x${++names}`) });
  };
  const started = () => {
    assert.ok(azurite, 'Azurite is running');
    return azurite;
  };
  const access = () => ({ connectionString: started().connectionString });

  before(async () => {
    azurite = await startAzurite();
  });
  after(async () => {
    await azurite?.stop();
  });

  describe('AzureBlobStorage', () => {
    botStorageContract(
      fresh((connectionString, container) => new AzureBlobStorage({ connectionString, container })),
    );

    describe('when two instances create the same key', () => {
      it('lets exactly one create it and keeps non-ASCII text intact', async () => {
        const [a, b] = ['one', 'two'].map(
          () =>
            new AzureBlobStorage({ connectionString: started().connectionString, container: 'createonly' }),
        );
        const created = await Promise.all([
          a!.createIfAbsent('seen/1', { name: 'Åsa Öberg' }),
          b!.createIfAbsent('seen/1', { name: 'Ärla' }),
        ]);
        assert.deepEqual([...created].sort(), [false, true]);
        const read = (await a!.read(['seen/1']))['seen/1'] as StoreItem;
        assert.ok(['Åsa Öberg', 'Ärla'].includes(String(read['name'])));
        await a!.write({ 'state/x': { name: 'Åsa Öberg' } });
        assert.equal(((await b!.read(['state/x']))['state/x'] as StoreItem)['name'], 'Åsa Öberg');
      });
    });
  });

  describe('AzureCaseStore', () =>
    caseStoreContract(fresh((_, table) => new AzureCaseStore(tableClient(access(), table)))));
  describe('AzureAuditLog', () =>
    auditLogContract(fresh((_, table) => new AzureAuditLog(tableClient(access(), table)))));
  describe('AzureCaseStore with the audit log (one batch in the case partition)', () =>
    caseJournalContract(
      fresh((_, name) => {
        const table = tableClient(access(), name);
        const audit = new AzureAuditLog(table);
        return { cases: new AzureCaseStore(table, audit), audit };
      }),
      // A RowKey with a character Table Storage refuses: the batch's last operation fails.
      (caseId, at) => ({ ...auditEvent(caseId, at, 'outcome'), at: `${at}/refused` }),
    ));
  describe('AzureTranscriptStore (BlobsTranscriptStore)', () =>
    transcriptStoreContract(
      fresh(
        (connectionString, container) =>
          new AzureTranscriptStore(new BlobsTranscriptStore(connectionString, container)),
      ),
    ));

  describe('retention purge', () => {
    describe('when audit events and cases are 364 and 366 days old (AUDIT_RETENTION_DAYS=365)', () => {
      it('deletes the 366-day-old ones, keeps the 364-day-old', async () => {
        const now = new Date('2026-01-31T12:00:00.000Z');
        const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
        const [casesTable, legacyAuditTable] = [
          tableClient(access(), 'purgecases'),
          tableClient(access(), 'purgeaudit'),
        ];
        const audit = new AzureAuditLog(casesTable);
        const cases = new AzureCaseStore(casesTable, audit);
        for (const days of [364, 366]) {
          await audit.record(auditEvent(`case-${days}`, daysAgo(days)));
          await cases.saveWithEvents(caseRecord(`case-${days}`, daysAgo(days)), [
            auditEvent(`case-${days}`, daysAgo(days), 'account-entered'),
          ]);
        }
        // An event in the audit table of the earlier layout (one partition per month).
        await legacyAuditTable.createTable();
        await legacyAuditTable.createEntity({
          partitionKey: daysAgo(366).slice(0, 7),
          rowKey: 'old',
          at: daysAgo(366),
        });
        const purged = await new AzureRetention(casesTable, legacyAuditTable, {
          transcriptDays: 30,
          auditDays: 365,
        }).purge(now);
        assert.deepEqual(purged, { auditEvents: 3, cases: 1, blobs: 0 });
        assert.deepEqual(
          (await audit.query({})).map((event) => event.caseId),
          ['case-364', 'case-364'],
        );
        assert.deepEqual(
          (await cases.list()).map((record) => record.id),
          ['case-364'],
        );
      });
    });
  });

  describe('when transcript and state blobs were last written 29 and 31 days ago (TRANSCRIPT_RETENTION_DAYS=30)', () => {
    it('deletes the blobs idle for longer than 30 days and keeps the rest', async () => {
      const connectionString = started().connectionString;
      const container = new ContainerClient(connectionString, `purgeblobs${++names}`);
      await container.createIfNotExists();
      await container.getBlockBlobClient('msteams/conv-1/activity.json').upload('{}', 2);
      await container.getBlockBlobClient('state/counter').upload('{}', 2);
      const written = Date.now();
      const retention = (days: number) =>
        new AzureRetention(
          tableClient(access(), 'purgecases'),
          tableClient(access(), 'purgeaudit'),
          { transcriptDays: 30, auditDays: 365 },
          [container],
        ).purge(new Date(written + days * DAY_MS));

      assert.equal((await retention(29)).blobs, 0);
      assert.equal((await retention(31)).blobs, 2);
      const left: string[] = [];
      for await (const blob of container.listBlobsFlat()) left.push(blob.name);
      assert.deepEqual(left, []);
    });
  });

  describe('the bot on STORAGE=azure', () => {
    let bot: BotHarness | undefined;
    after(async () => {
      await bot?.stop();
    });

    describe('when Anna resets her password', () => {
      it('keeps the case, audit and transcript in Azurite', async () => {
        bot = await startBot({
          STORAGE: 'azure',
          AZURE_STORAGE_CONNECTION_STRING: started().connectionString,
        });
        const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
        await anna.say('hej');
        assert.match((await anna.submit('account.own')).text, /slutar på ••05/);
        assert.match((await anna.say(bot.sms.latestCode())).text, /Ange ett nytt lösenord/);
        await anna.submit('choice.newPassword');
        const password = 'Xylofon-Hemlig7';
        const done = await anna.submit('password.submit', {
          newPassword: password,
          repeatPassword: password,
        });
        assert.match(done.text, /lösenord är bytt/);

        const [record] = await bot.app.cases.list();
        assert.equal(record?.outcome, 'password-set');
        const events = await bot.app.audit.query({ caseId: record.id });
        assert.ok(events.some((event) => event.type === 'code-sent'));
        const transcript = await bot.app.transcripts.getTranscriptActivities('msteams', anna.conversationId);
        assert.ok(transcript.items.length > 0);
        assert.ok(!JSON.stringify(transcript.items).includes(password), 'the transcript is redacted');
      });
    });
  });
});

describe('STORAGE=azure settings', () => {
  const problemsOf = (env: Record<string, string>): readonly string[] => {
    try {
      loadConfig({ STORAGE: 'azure', ...env });
      return [];
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
  };

  describe('when neither a connection string nor the endpoints are set', () => {
    it('names both endpoint settings', () => {
      assert.deepEqual(
        problemsOf({}).map((problem) => problem.split(':')[0]),
        ['AZURE_STORAGE_BLOB_URL', 'AZURE_STORAGE_TABLE_URL'],
      );
    });
  });

  describe('when the endpoints are set (managed identity)', () => {
    it('takes https endpoints and refuses plain http', () => {
      const urls = {
        AZURE_STORAGE_BLOB_URL: 'https://acct.blob.core.windows.net/',
        AZURE_STORAGE_TABLE_URL: 'https://acct.table.core.windows.net/',
      };
      assert.deepEqual(loadConfig({ STORAGE: 'azure', ...urls }).storage.azure, {
        blobUrl: urls.AZURE_STORAGE_BLOB_URL,
        tableUrl: urls.AZURE_STORAGE_TABLE_URL,
      });
      assert.deepEqual(
        problemsOf({ ...urls, AZURE_STORAGE_TABLE_URL: 'http://acct.table.core.windows.net/' }),
        ['AZURE_STORAGE_TABLE_URL: must be an https:// URL'],
      );
    });
  });
});
