import type { Storage, TranscriptStore } from 'botbuilder';
import type { CaseStore, Logger } from '../reset/ports';
import { SqliteAuditLog, type ReadableAuditLog } from './sqliteAuditLog';
import { SqliteCaseStore } from './sqliteCaseStore';
import { openSqlite } from './sqliteDatabase';
import { SqliteRetention, type PurgeResult, type RetentionPolicy } from './sqliteRetention';
import { SqliteStorage } from './sqliteStorage';
import { SqliteTranscriptStore } from './sqliteTranscriptStore';
import { schedulePurge, type PurgeSchedule } from './purgeSchedule';

/** How often the retention job runs; retention is counted in days, so hourly is plenty. */

export interface SqliteStores {
  readonly storage: Storage;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  purge(now: Date): Promise<PurgeResult>;
  /** Purges now and then every `PURGE_INTERVAL_MS` until `close()`. */
  startPurging(clock: () => Date, logger: Logger): void;
  close(): void;
}

/** Every store on one SQLite file: bot state, cases, audit and transcripts survive a restart together. */
export function openSqliteStores(file: string, retention: RetentionPolicy): SqliteStores {
  const db = openSqlite(file);
  const purger = new SqliteRetention(db, retention);
  let schedule: PurgeSchedule | undefined;
  const transcripts = new SqliteTranscriptStore(db);
  return {
    storage: new SqliteStorage(db),
    cases: new SqliteCaseStore(db),
    audit: new SqliteAuditLog(db),
    transcripts,
    purge: (now) => purger.purge(now),
    startPurging(clock, logger) {
      schedule?.stop();
      schedule = schedulePurge((now) => purger.purge(now), clock, logger, retention);
    },
    close() {
      schedule?.stop();
      schedule = undefined;
      if (!db.open) return;
      try {
        // Transcript rows wait for the event loop to turn: write them before the file closes.
        transcripts.flush();
      } finally {
        db.close();
      }
    },
  };
}
