import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sinon from 'sinon';
import { openSqlite, type SqliteDatabase } from '../../../src/storage/sqlite/database';
import { openSqliteStores } from '../../../src/storage/sqlite/stores';
import { SqliteTranscriptStore } from '../../../src/storage/sqlite/transcriptStore';
import { activity } from '../contracts';

const RETENTION = { transcriptDays: 30, auditDays: 365 };

describe('SqliteTranscriptStore writes (one transaction per event-loop turn)', () => {
  let dir: string;
  let files = 0;
  const open: SqliteDatabase[] = [];
  const nextFile = () => path.join(dir, `transcripts-${++files}.sqlite`);
  const connect = (file: string) => {
    const db = openSqlite(file);
    open.push(db);
    return db;
  };
  const rows = (db: SqliteDatabase) =>
    (db.prepare('SELECT count(*) AS n FROM transcript').get() as { n: number }).n;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-transcripts-'));
  });
  afterEach(() => {
    sinon.restore();
    for (const db of open.splice(0)) if (db.open) db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  describe('when a turn logs its activities', () => {
    it('commits them together when the loop turns, in the order logged', async () => {
      const file = nextFile();
      const store = new SqliteTranscriptStore(connect(file));
      const other = connect(file);
      const logged = [0, 1, 2].map((n) => store.logActivity(activity('conv-1', n)));
      assert.equal(rows(other), 0);

      await Promise.all(logged);
      assert.equal(rows(other), 3);
      const read = await new SqliteTranscriptStore(other).getTranscriptActivities('msteams', 'conv-1');
      assert.deepEqual(
        read.items.map((item) => item.id),
        ['conv-1-0', 'conv-1-1', 'conv-1-2'],
      );
    });
  });

  describe('when the store is read before the loop turns', () => {
    it('writes what is waiting first, so a read never misses an activity', async () => {
      const store = new SqliteTranscriptStore(connect(nextFile()));
      const logged = store.logActivity(activity('conv-1', 0));
      assert.equal((await store.getTranscriptActivities('msteams', 'conv-1')).items.length, 1);
      assert.equal((await store.listTranscripts('msteams')).items.length, 1);
      await logged;
    });
  });

  describe('when the stores are closed before the loop turns', () => {
    it('writes the waiting activities before the file closes', async () => {
      const file = nextFile();
      const stores = openSqliteStores(file, RETENTION);
      const logged = stores.transcripts.logActivity(activity('conv-1', 0));
      stores.close();
      await logged;
      assert.equal(rows(connect(file)), 1);
    });
  });

  describe('when a test fakes the timers', () => {
    it('still writes when the real loop turns', async () => {
      const db = connect(nextFile());
      sinon.useFakeTimers();
      await new SqliteTranscriptStore(db).logActivity(activity('conv-1', 0));
      assert.equal(rows(db), 1);
    });
  });

  describe('when the file is gone before the loop turns', () => {
    it('rejects the waiting writes instead of dropping them silently', async () => {
      const db = connect(nextFile());
      const logged = new SqliteTranscriptStore(db).logActivity(activity('conv-1', 0));
      db.close();
      await assert.rejects(logged, /not open/);
    });
  });
});
