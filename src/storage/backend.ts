import type { Storage, TranscriptStore } from 'botbuilder';
import type { ReadableAuditLog } from '../reset/auditTrail';
import type { CaseStore } from '../reset/ports';
import type { RetentionPurge } from '../reset/retention';

/** What each backend (sqlite/, azure/, memory/) opens; `openStores` in index.ts adds the rest. */
export interface BackendStores extends RetentionPurge {
  /** Bot state: conversation state and the domain's small records, with eTag concurrency. */
  readonly storage: Storage;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  /** Writes what waits and releases the backend (the database file); safe to call twice. */
  close(): void;
}
