import { randomUUID } from 'node:crypto';
import type { Storage, TranscriptStore } from 'botbuilder';
import type { ReadableAuditLog } from '../reset/auditTrail';
import { systemClock, type CaseStore, type Clock, type Logger, type RecordStore } from '../reset/ports';
import { Lease, type LeaseRecord } from '../reset/lease';
import type { PurgeCounts, RetentionPolicy } from '../reset/retention';
import type { BackendStores } from './backend';
import { BotStorageRecordStore } from './botStorageRecordStore';
import { FirstWriteCreateOnly, isCreateOnly } from './createOnlyStorage';
import { schedulePurge, type PurgeSchedule } from './purgeSchedule';

/** The storage settings (`Config['storage']`; the names are the config's). */
export interface StorageOptions {
  /** sqlite: one file on this server (default); azure: Blob + Table Storage shared by instances; memory: tests. */
  readonly kind: 'sqlite' | 'azure' | 'memory';
  readonly sqliteFile: string;
  /** Required for `azure`: a connection string, or the two endpoints reached with a managed identity. */
  readonly azure?: (
    { readonly connectionString: string } | { readonly blobUrl: string; readonly tableUrl: string }
  ) & { readonly caFile?: string };
  readonly transcriptRetentionDays: number;
  readonly auditRetentionDays: number;
}

export interface StoreDeps {
  /** Where the retention job reports. */
  readonly logger: Logger;
  /** What the retention job counts days from; the system clock when absent. */
  readonly clock?: Clock;
  /** Bot state in this Storage instead of the backend's (a test's, the bench's sized MemoryStorage). */
  readonly storage?: Storage;
}

/** Every store the app uses, on one backend; `close()` releases it. */
export interface Stores {
  readonly kind: StorageOptions['kind'];
  /** botbuilder Storage: conversation state, and under it every record store from `records`. */
  readonly storage: Storage;
  /**
   * `storage` for botbuilder's `ConversationState`: on a store shared by instances (azure) its first
   * write of a conversation is create-only (see FirstWriteCreateOnly).
   */
  readonly conversationStorage: Storage;
  readonly transcripts: TranscriptStore;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  /**
   * The domain's small records (throttles, limits, duplicate markers) in `storage` under `prefix/`, or
   * in `over`, a view of it (the bot's state read-ahead).
   */
  readonly records: <T extends object>(prefix: string, over?: Storage) => RecordStore<T>;
  /** Gallring now: deletes what is older than its retention period. */
  purge(now: Date): Promise<PurgeCounts>;
  /** Purges now and then every hour until `close()`. */
  startPurging(): void;
  /** Stops the retention job and closes the database; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Opens the configured backend. Each backend is loaded only when chosen: the Azure SDKs would add to
 * every instance's startup, and SQLite's native module need not load where memory is asked for.
 */
export async function openStores(options: StorageOptions, deps: StoreDeps): Promise<Stores> {
  const retention: RetentionPolicy = {
    transcriptDays: options.transcriptRetentionDays,
    auditDays: options.auditRetentionDays,
  };
  const backend = await openBackend(options, retention);
  const storage = deps.storage ?? backend.storage;
  const clock = deps.clock ?? systemClock;
  let schedule: PurgeSchedule | undefined;
  const stopPurging = async () => {
    const running = schedule;
    schedule = undefined;
    await running?.stop();
  };
  const records = <T extends object>(prefix: string, over?: Storage) =>
    new BotStorageRecordStore<T>(over ?? storage, prefix);
  return {
    kind: options.kind,
    storage,
    conversationStorage:
      options.kind === 'azure' && isCreateOnly(storage) ? new FirstWriteCreateOnly(storage) : storage,
    transcripts: backend.transcripts,
    cases: backend.cases,
    audit: backend.audit,
    records,
    purge: (now) => backend.purge(now),
    startPurging() {
      void stopPurging();
      schedule = schedulePurge(
        (now) => backend.purge(now),
        () => clock.now(),
        deps.logger,
        retention,
        new Lease(records<LeaseRecord>('leases'), 'retention-purge', randomUUID(), clock),
      );
    },
    async close() {
      await stopPurging();
      try {
        backend.close();
      } catch (error) {
        // Transcript rows that could not be written before the file closed.
        throw error instanceof Error ? error : new Error(String(error));
      }
    },
  };
}

async function openBackend(options: StorageOptions, retention: RetentionPolicy): Promise<BackendStores> {
  switch (options.kind) {
    case 'sqlite':
      return (await import('./sqlite/stores')).openSqliteStores(options.sqliteFile, retention);
    case 'azure': {
      if (options.azure === undefined) {
        throw new Error('STORAGE=azure needs AZURE_STORAGE_CONNECTION_STRING or the blob and table URLs');
      }
      const { azureAccess, openAzureStores } = await import('./azure/stores');
      return openAzureStores(azureAccess(options.azure), retention);
    }
    case 'memory':
      return (await import('./memory/stores')).openMemoryStores();
  }
}
