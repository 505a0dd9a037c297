import type { RetentionPolicy } from '../../reset/retention';
import type { BackendStores } from '../backend';
import { SqliteAuditLog } from './auditLog';
import { SqliteStorage } from './botStorage';
import { SqliteCaseStore } from './caseStore';
import { openSqlite } from './database';
import { SqliteRetention, type PurgeResult } from './retention';
import { SqliteTranscriptStore } from './transcriptStore';

export interface SqliteStores extends BackendStores {
  purge(now: Date): Promise<PurgeResult>;
}

/** Every store on one SQLite file: bot state, cases, audit and transcripts survive a restart together. */
export function openSqliteStores(file: string, retention: RetentionPolicy): SqliteStores {
  const db = openSqlite(file);
  const purger = new SqliteRetention(db, retention);
  const transcripts = new SqliteTranscriptStore(db);
  return {
    storage: new SqliteStorage(db),
    cases: new SqliteCaseStore(db),
    audit: new SqliteAuditLog(db),
    transcripts,
    purge: (now) => purger.purge(now),
    close() {
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
