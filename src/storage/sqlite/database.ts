import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

/** Numbered, append-only: a released migration is never edited, a change is a new entry. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE bot_state (
    key TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    item TEXT NOT NULL CHECK (json_valid(item))
  );
  CREATE INDEX bot_state_updated_at ON bot_state (updated_at);

  CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    etag TEXT NOT NULL,
    created_at TEXT NOT NULL,
    outcome TEXT,
    account TEXT,
    record TEXT NOT NULL CHECK (json_valid(record))
  );
  CREATE INDEX cases_created_at ON cases (created_at);
  CREATE INDEX cases_outcome ON cases (outcome);
  CREATE INDEX cases_account ON cases (account);

  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    case_id TEXT NOT NULL,
    event TEXT NOT NULL CHECK (json_valid(event))
  );
  CREATE INDEX audit_at ON audit (at);
  CREATE INDEX audit_case_id ON audit (case_id);

  CREATE TABLE transcript (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    channel_id TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    at TEXT NOT NULL,
    activity TEXT NOT NULL CHECK (json_valid(activity))
  );
  CREATE INDEX transcript_conversation ON transcript (channel_id, conversation_id, seq);
  CREATE INDEX transcript_at ON transcript (at);
  `,
];

/**
 * Opens (creating the folder and file if needed) the one database file every store shares, in WAL mode
 * so readers never wait for the writer, and brings its schema up to date.
 */
export function openSqlite(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Another process (a second instance, a backup) may hold the write lock briefly.
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // Deleted rows (the retention purge) are overwritten, not left readable in free pages.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}

/** Applies the migrations the file has not seen yet, each in its own transaction; safe to re-run. */
export function migrate(db: SqliteDatabase): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    // The check is inside the write transaction, so two processes starting together apply it once.
    db.transaction(() => {
      if (version <= schemaVersion(db)) return;
      db.exec(sql);
      record.run(version, new Date().toISOString());
    }).immediate();
  });
  return schemaVersion(db);
}

export function schemaVersion(db: SqliteDatabase): number {
  const row = db.prepare('SELECT max(version) AS version FROM schema_version').get() as
    { version: number | null } | undefined;
  return row?.version ?? 0;
}
