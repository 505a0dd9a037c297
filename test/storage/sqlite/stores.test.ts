import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { StoreItem } from 'botbuilder';
import { SqliteAuditLog } from '../../../src/storage/sqlite/auditLog';
import { SqliteCaseStore } from '../../../src/storage/sqlite/caseStore';
import {
  MIGRATIONS,
  migrate,
  openSqlite,
  schemaVersion,
  type SqliteDatabase,
} from '../../../src/storage/sqlite/database';
import { SqliteRetention } from '../../../src/storage/sqlite/retention';
import { SqliteStorage } from '../../../src/storage/sqlite/botStorage';
import { openSqliteStores } from '../../../src/storage/sqlite/stores';
import { SqliteTranscriptStore } from '../../../src/storage/sqlite/transcriptStore';
import {
  activity,
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

describe('SQLite stores (STORAGE=sqlite)', () => {
  let dir: string;
  let files = 0;
  const nextFile = () => path.join(dir, `store-${++files}.sqlite`);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-sqlite-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** A fresh database file per test, so the contracts start empty. */
  function onFile<T>(build: (db: SqliteDatabase) => T): Fresh<T> {
    return () => {
      const db = openSqlite(nextFile());
      return { store: build(db), close: () => db.close() };
    };
  }

  describe('SqliteStorage', () => botStorageContract(onFile((db) => new SqliteStorage(db))));
  describe('SqliteCaseStore', () => caseStoreContract(onFile((db) => new SqliteCaseStore(db))));
  describe('SqliteAuditLog', () => auditLogContract(onFile((db) => new SqliteAuditLog(db))));
  describe('SqliteCaseStore with the audit log (one transaction)', () =>
    caseJournalContract(
      onFile((db) => {
        // The audit table refuses an event with this detail, as a full disk or a broken row would.
        db.exec(`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit
                 WHEN json_extract(NEW.event, '$.detail') = 'refused' BEGIN SELECT RAISE(ABORT, 'audit refused'); END`);
        return { cases: new SqliteCaseStore(db), audit: new SqliteAuditLog(db) };
      }),
      (caseId, at) => ({ ...auditEvent(caseId, at, 'outcome'), detail: 'refused' }),
    ));
  describe('SqliteTranscriptStore', () =>
    transcriptStoreContract(onFile((db) => new SqliteTranscriptStore(db))));

  describe('migrations', () => {
    describe('when a new, empty file is opened', () => {
      it('applies every migration, in WAL mode with a busy timeout', () => {
        const db = openSqlite(path.join(dir, 'nested', 'folder', 'new.sqlite'));
        try {
          assert.equal(schemaVersion(db), MIGRATIONS.length);
          assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
          assert.equal(db.pragma('busy_timeout', { simple: true }), 5000);
          const tables = db
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .all() as { name: string }[];
          for (const table of ['audit', 'bot_state', 'cases', 'schema_version', 'transcript']) {
            assert.ok(
              tables.some((row) => row.name === table),
              table,
            );
          }
        } finally {
          db.close();
        }
      });
    });

    describe('when the migrations run again on an up-to-date file', () => {
      it('changes nothing and keeps the data', async () => {
        const file = nextFile();
        const first = openSqlite(file);
        await new SqliteCaseStore(first).save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
        assert.equal(migrate(first), MIGRATIONS.length);
        first.close();
        const again = openSqlite(file);
        try {
          const versions = again.prepare('SELECT version FROM schema_version').all() as { version: number }[];
          assert.deepEqual(
            versions.map((row) => row.version),
            MIGRATIONS.map((_, index) => index + 1),
          );
          assert.ok(await new SqliteCaseStore(again).get('c1'));
        } finally {
          again.close();
        }
      });
    });
  });

  describe('when the file is closed and opened again', () => {
    it('still holds the bot state, cases, audit and transcripts', async () => {
      const file = nextFile();
      const retention = { transcriptDays: 30, auditDays: 365 };
      const first = openSqliteStores(file, retention);
      await first.storage.write({ 'conv/x': { step: 'code-sent' } });
      const etag = await first.cases.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      await first.audit.record(auditEvent('c1', '2025-03-10T08:00:00.000Z'));
      await first.transcripts.logActivity(activity('conv-x', 0));
      first.close();

      const second = openSqliteStores(file, retention);
      try {
        assert.equal(((await second.storage.read(['conv/x']))['conv/x'] as StoreItem)['step'], 'code-sent');
        assert.equal((await second.cases.get('c1'))?.etag, etag);
        assert.equal(second.audit.list('c1').length, 1);
        assert.equal((await second.transcripts.getTranscriptActivities('msteams', 'conv-x')).items.length, 1);
      } finally {
        second.close();
      }
    });
  });

  describe('when two connections to the same file write with the same eTag', () => {
    it('lets exactly one win, as two instances on one server would', async () => {
      const file = nextFile();
      const [a, b] = [openSqlite(file), openSqlite(file)];
      try {
        const etag = await new SqliteCaseStore(a).save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
        const results = await Promise.allSettled([
          new SqliteCaseStore(a).save(
            caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'unlocked' }),
            etag,
          ),
          new SqliteCaseStore(b).save(
            caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'expired' }),
            etag,
          ),
        ]);
        assert.deepEqual(results.map((result) => result.status).sort(), ['fulfilled', 'rejected']);
        const created = await Promise.all([
          new SqliteStorage(a).createIfAbsent('seen/1', { at: 1 }),
          new SqliteStorage(b).createIfAbsent('seen/1', { at: 2 }),
        ]);
        assert.deepEqual(created, [true, false]);
      } finally {
        a.close();
        b.close();
      }
    });
  });

  describe('retention purge', () => {
    const now = new Date('2026-01-31T12:00:00.000Z');
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
    let db: SqliteDatabase;
    let purged: Awaited<ReturnType<SqliteRetention['purge']>>;

    before(async () => {
      db = openSqlite(nextFile());
      const transcripts = new SqliteTranscriptStore(db);
      const audit = new SqliteAuditLog(db);
      const cases = new SqliteCaseStore(db);
      for (const days of [29, 31]) {
        await transcripts.logActivity(activity(`conv-${days}`, 0, Date.parse(daysAgo(days))));
        await new SqliteStorage(db, () => new Date(daysAgo(days))).write({ [`state/${days}`]: { days } });
      }
      for (const days of [364, 366]) {
        await audit.record(auditEvent(`case-${days}`, daysAgo(days)));
        await cases.save(caseRecord(`case-${days}`, daysAgo(days)));
      }
      purged = await new SqliteRetention(db, { transcriptDays: 30, auditDays: 365 }).purge(now);
    });
    after(() => db.close());

    describe('when transcripts are 29 and 31 days old (TRANSCRIPT_RETENTION_DAYS=30)', () => {
      it('deletes the 31-day-old transcript and idle state, keeps the 29-day-old', async () => {
        const listed = await new SqliteTranscriptStore(db).listTranscripts('msteams');
        assert.deepEqual(
          listed.items.map((info) => info.id),
          ['conv-29'],
        );
        assert.deepEqual(Object.keys(await new SqliteStorage(db).read(['state/29', 'state/31'])), [
          'state/29',
        ]);
        assert.equal(purged.transcriptActivities, 1);
        assert.equal(purged.botStateItems, 1);
      });
    });

    describe('when audit events and cases are 364 and 366 days old (AUDIT_RETENTION_DAYS=365)', () => {
      it('deletes the 366-day-old ones, keeps the 364-day-old', async () => {
        assert.deepEqual(
          new SqliteAuditLog(db).list().map((event) => event.caseId),
          ['case-364'],
        );
        assert.deepEqual(
          (await new SqliteCaseStore(db).list()).map((record) => record.id),
          ['case-364'],
        );
        assert.deepEqual([purged.auditEvents, purged.cases], [1, 1]);
      });
    });
  });
});
