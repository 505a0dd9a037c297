import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryStorage, MemoryTranscriptStore, type StoreItem } from 'botbuilder';
import sinon from 'sinon';
import { ConflictError } from '../../src/reset/errors';
import { openStores, type StorageOptions, type Stores } from '../../src/storage';
import { MemoryAuditLog } from '../../src/storage/memory/auditLog';
import { MemoryCaseStore } from '../../src/storage/memory/caseStore';
import { PURGE_INTERVAL_MS } from '../../src/storage/purgeSchedule';
import { FakeClock } from '../support/fakeClock';
import { memoryLogger } from '../support/memoryLog';
import { startAzurite, type Azurite } from './azure/azurite';
import { activity, auditEvent, caseRecord } from './contracts';

const DAY_MS = 24 * 60 * 60_000;
const RETENTION = { transcriptRetentionDays: 30, auditRetentionDays: 365 };

/** The compiled `openStores`, for a child process to load. */
const STORAGE_MODULE = path.join(__dirname, '../../src/storage');

/**
 * Opens the stores in a child process, writes through them, starts the retention job and closes:
 * resolves with the exit code once the process ends by itself (nothing left holding it open).
 */
async function exitsAfterClose(options: StorageOptions): Promise<number | null> {
  const script = `
    const { openStores } = require(${JSON.stringify(STORAGE_MODULE)});
    const logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };
    (async () => {
      const stores = await openStores(JSON.parse(process.argv[1]), { logger });
      stores.startPurging();
      await stores.storage.write({ 'conv/a': { step: 1 } });
      await stores.purge(new Date());
      await stores.close();
    })().catch((error) => { process.stderr.write(String(error)); process.exit(2); });`;
  const child = spawn(process.execPath, ['-e', script, JSON.stringify(options)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  } finally {
    clearTimeout(killer);
  }
}

describe('openStores', function () {
  this.timeout(60_000);
  let dir: string;
  let files = 0;
  const nextFile = () => path.join(dir, `stores-${++files}.sqlite`);
  const opened: Stores[] = [];
  const open = async (options: StorageOptions, deps: Partial<Parameters<typeof openStores>[1]> = {}) => {
    const stores = await openStores(options, { logger: memoryLogger().logger, ...deps });
    opened.push(stores);
    return stores;
  };
  const sqlite = (file = nextFile()): StorageOptions => ({ kind: 'sqlite', sqliteFile: file, ...RETENTION });
  const memory: StorageOptions = { kind: 'memory', sqliteFile: 'unused.sqlite', ...RETENTION };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-open-stores-'));
  });
  afterEach(async () => {
    sinon.restore();
    await Promise.all(opened.splice(0).map((stores) => stores.close()));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('when STORAGE=memory', () => {
    it("returns botbuilder's memory stores and ours, with nothing to purge", async () => {
      const stores = await open(memory);
      assert.equal(stores.kind, 'memory');
      assert.ok(stores.storage instanceof MemoryStorage);
      assert.ok(stores.transcripts instanceof MemoryTranscriptStore);
      assert.ok(stores.cases instanceof MemoryCaseStore);
      assert.ok(stores.audit instanceof MemoryAuditLog);
      assert.deepEqual(await stores.purge(new Date()), {});
    });

    it('keeps the record stores in the bot storage under their prefix, create-only without an etag', async () => {
      const stores = await open(memory);
      const throttle = stores.records<{ sent: number }>('throttle');
      await throttle.put('anna', { sent: 1 });
      const raw = (await stores.storage.read(['throttle/anna']))['throttle/anna'] as StoreItem;
      assert.deepEqual(raw['value'], { sent: 1 });
      await assert.rejects(throttle.put('anna', { sent: 2 }), ConflictError);
      const current = await throttle.get('anna');
      assert.ok(current);
      await throttle.put('anna', { sent: 2 }, current.etag);
      assert.deepEqual((await stores.records<{ sent: number }>('throttle').get('anna'))?.value, { sent: 2 });
    });
  });

  describe('when STORAGE=sqlite', () => {
    it('keeps state, cases, audit and transcripts in the file across close() and a new open', async () => {
      const options = sqlite();
      const first = await open(options);
      assert.equal(first.kind, 'sqlite');
      await first.storage.write({ 'conv/x': { step: 'code-sent' } });
      const etag = await first.cases.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      await first.audit.record(auditEvent('c1', '2025-03-10T08:00:00.000Z'));
      await first.records<{ sent: number }>('throttle').put('anna', { sent: 1 });
      // Not awaited: the row waits for the event loop to turn, so only close() can have written it.
      void first.transcripts.logActivity(activity('conv-x', 0));
      await first.close();

      const second = await open(options);
      assert.equal(((await second.storage.read(['conv/x']))['conv/x'] as StoreItem)['step'], 'code-sent');
      assert.equal((await second.cases.get('c1'))?.etag, etag);
      assert.equal(second.audit.list('c1').length, 1);
      assert.deepEqual((await second.records<{ sent: number }>('throttle').get('anna'))?.value, { sent: 1 });
      assert.equal((await second.transcripts.getTranscriptActivities('msteams', 'conv-x')).items.length, 1);
    });

    it('closes the file: no write-ahead log is left, reads fail, and the file can be deleted and made anew', async () => {
      const options = sqlite();
      const stores = await open(options);
      await stores.cases.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      assert.ok(existsSync(`${options.sqliteFile}-wal`), 'open, the database has its write-ahead log');

      await stores.close();
      await stores.close();
      // SQLite folds the log into the file and deletes it when the last connection closes.
      assert.equal(existsSync(`${options.sqliteFile}-wal`), false);
      await assert.rejects(async () => stores.cases.get('c1'), /not open/);

      rmSync(options.sqliteFile);
      const again = await open(options);
      assert.equal(await again.cases.get('c1'), undefined);
      await again.cases.save(caseRecord('c2', '2025-03-10T08:00:00.000Z'));
      assert.ok(await again.cases.get('c2'));
    });

    it('keeps bot state and records in the Storage a caller supplies, cases still in the file', async () => {
      const supplied = new MemoryStorage();
      const options = sqlite();
      const stores = await open(options, { storage: supplied });
      assert.equal(stores.storage, supplied);
      await stores.records<{ at: number }>('seen').put('activity-1', { at: 1 });
      assert.ok((await supplied.read(['seen/activity-1']))['seen/activity-1']);
      await stores.cases.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      await stores.close();

      const reopened = await open(options);
      assert.ok(await reopened.cases.get('c1'));
      assert.deepEqual(await reopened.storage.read(['seen/activity-1']), {});
    });
  });

  describe('when the retention job runs (STORAGE=sqlite)', () => {
    it('purges by the given clock at once and every hour, and close() stops it', async () => {
      const timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const clock = new FakeClock('2026-01-31T12:00:00.000Z');
      const daysAgo = (days: number) => new Date(clock.now().getTime() - days * DAY_MS).toISOString();
      const { logger, log } = memoryLogger();
      const purges = () => log.entries().filter((entry) => /^retention purge/.test(String(entry['msg'])));
      const settle = () => new Promise((resolve) => setImmediate(resolve));

      const stores = await open(sqlite(), { logger, clock });
      for (const days of [364, 366]) await stores.cases.save(caseRecord(`case-${days}`, daysAgo(days)));
      stores.startPurging();
      await settle();
      assert.deepEqual(
        (await stores.cases.list()).map((record) => record.id),
        ['case-364'],
      );
      assert.deepEqual(
        purges().map((entry) => entry['msg']),
        ['retention purge done'],
      );

      timers.tick(PURGE_INTERVAL_MS);
      await settle();
      assert.equal(purges().length, 2, 'the hourly run');

      await stores.close();
      assert.equal(timers.countTimers(), 0, 'no timer is left');
      timers.tick(3 * PURGE_INTERVAL_MS);
      await settle();
      assert.deepEqual(
        purges().map((entry) => entry['msg']),
        ['retention purge done', 'retention purge done'],
      );
    });
  });

  describe('when several instances share one store (the retention lease)', () => {
    it('purges on one of them only, and on another once the holder has stopped', async () => {
      const timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const clock = new FakeClock('2026-01-31T12:00:00.000Z');
      const shared = new MemoryStorage();
      const settle = () => new Promise((resolve) => setImmediate(resolve));
      const instances = [memoryLogger(), memoryLogger(), memoryLogger()].map(({ logger, log }) => ({
        log,
        opening: open(memory, { logger, clock, storage: shared }),
      }));
      const purgesOf = (log: (typeof instances)[number]['log']) =>
        log.entries().filter((entry) => entry['msg'] === 'retention purge done').length;
      const [first, ...others] = await Promise.all(instances.map((instance) => instance.opening));

      first!.startPurging();
      await settle();
      for (const stores of others) stores.startPurging();
      await settle();
      assert.deepEqual(
        instances.map(({ log }) => purgesOf(log)),
        [1, 0, 0],
      );

      await first!.close(); // gives its lease up, so the next round need not wait for it to lapse
      timers.tick(PURGE_INTERVAL_MS);
      await settle();
      assert.equal(
        purgesOf(instances[1]!.log) + purgesOf(instances[2]!.log),
        1,
        'one of the others took over, once',
      );
    });
  });

  describe('when STORAGE=azure has neither a connection string nor endpoints', () => {
    it('refuses to open, naming the settings', async () => {
      await assert.rejects(
        openStores({ ...memory, kind: 'azure' }, { logger: memoryLogger().logger }),
        /AZURE_STORAGE_CONNECTION_STRING/,
      );
    });
  });

  describe('when a process closes its stores', () => {
    it('exits by itself (STORAGE=sqlite)', async () => {
      assert.equal(await exitsAfterClose(sqlite()), 0);
    });

    it('exits by itself (STORAGE=memory)', async () => {
      assert.equal(await exitsAfterClose(memory), 0);
    });
  });

  describe('when STORAGE=azure (against Azurite)', () => {
    let azurite: Azurite | undefined;
    const azure = (): StorageOptions => {
      assert.ok(azurite, 'Azurite is running');
      return { ...memory, kind: 'azure', azure: { connectionString: azurite.connectionString } };
    };

    before(async () => {
      azurite = await startAzurite();
    });
    after(async () => {
      await azurite?.stop();
    });

    it('keeps state, records, cases and transcripts where a second instance finds them', async () => {
      const first = await open(azure());
      assert.equal(first.kind, 'azure');
      await first.storage.write({ 'conv/y': { step: 'choice' } });
      await first.records<{ sent: number }>('throttle').put('bertil', { sent: 1 });
      await first.cases.save(caseRecord('c-azure', '2026-01-30T08:00:00.000Z'));
      await first.audit.record(auditEvent('c-azure', '2026-01-30T08:00:00.000Z'));
      await first.transcripts.logActivity(activity('conv-y', 0));
      await first.close();

      const second = await open(azure());
      assert.equal(((await second.storage.read(['conv/y']))['conv/y'] as StoreItem)['step'], 'choice');
      await assert.rejects(
        second.records<{ sent: number }>('throttle').put('bertil', { sent: 9 }),
        ConflictError,
        'the record exists for every instance',
      );
      assert.ok(await second.cases.get('c-azure'));
      assert.equal((await second.audit.query({ caseId: 'c-azure' })).length, 1);
      assert.equal((await second.transcripts.getTranscriptActivities('msteams', 'conv-y')).items.length, 1);
      assert.deepEqual(await second.purge(new Date('2026-02-01T00:00:00.000Z')), {
        auditEvents: 0,
        cases: 0,
        blobs: 0,
      });
    });

    it('lets the process exit by itself after close()', async () => {
      assert.equal(await exitsAfterClose(azure()), 0);
    });
  });
});
