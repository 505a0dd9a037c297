import { DefaultAzureCredential } from '@azure/identity';
import { ContainerClient } from '@azure/storage-blob';
import type { Storage, TranscriptStore } from 'botbuilder';
import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import type { CaseStore, Logger } from '../reset/ports';
import { AzureAuditLog } from './azureAuditLog';
import { AzureBlobStorage } from './azureBlobStorage';
import { AzureCaseStore } from './azureCaseStore';
import { AzureRetention } from './azureRetention';
import { AzureTranscriptStore } from './azureTranscriptStore';
import { tableClient, type AzureStorageAccess } from './azureTables';
import type { ReadableAuditLog } from './sqliteAuditLog';
import type { RetentionPolicy } from './sqliteRetention';
import { schedulePurge, type PurgeSchedule } from './purgeSchedule';

export const AZURE_NAMES = {
  stateContainer: 'botstate',
  transcriptContainer: 'transcripts',
  casesTable: 'cases',
  auditTable: 'audit',
} as const;

export interface AzureStores {
  readonly storage: Storage;
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  readonly retention: AzureRetention;
  /** Purges now and then every `PURGE_INTERVAL_MS` until `close()`. */
  startPurging(clock: () => Date, logger: Logger): void;
  close(): void;
}

/** Bot state and transcripts in Blob Storage, cases and audit in Table Storage: shared by every instance. */
export function openAzureStores(access: AzureStorageAccess, retention: RetentionPolicy): AzureStores {
  const blobUrl = (container: string) =>
    'blobUrl' in access ? `${access.blobUrl.replace(/\/+$/, '')}/${container}` : '';
  const storage =
    'connectionString' in access
      ? new AzureBlobStorage({
          connectionString: access.connectionString,
          container: AZURE_NAMES.stateContainer,
        })
      : new AzureBlobStorage({
          containerUrl: blobUrl(AZURE_NAMES.stateContainer),
          credential: access.credential,
        });
  const transcripts = new AzureTranscriptStore(
    'connectionString' in access
      ? new BlobsTranscriptStore(access.connectionString, AZURE_NAMES.transcriptContainer)
      : new BlobsTranscriptStore(
          '',
          '',
          undefined,
          blobUrl(AZURE_NAMES.transcriptContainer),
          access.credential,
        ),
  );
  const casesTable = tableClient(access, AZURE_NAMES.casesTable);
  const auditTable = tableClient(access, AZURE_NAMES.auditTable);
  const container = (name: string) =>
    'connectionString' in access
      ? new ContainerClient(access.connectionString, name)
      : new ContainerClient(blobUrl(name), access.credential);
  const purger = new AzureRetention(casesTable, auditTable, retention, [
    container(AZURE_NAMES.transcriptContainer),
    container(AZURE_NAMES.stateContainer),
  ]);
  let schedule: PurgeSchedule | undefined;
  return {
    storage,
    cases: new AzureCaseStore(casesTable),
    audit: new AzureAuditLog(auditTable),
    transcripts,
    retention: purger,
    startPurging(clock, logger) {
      schedule?.stop();
      schedule = schedulePurge((now) => purger.purge(now), clock, logger, retention);
    },
    close() {
      schedule?.stop();
      schedule = undefined;
    },
  };
}

/** A connection string as is; the endpoints with `DefaultAzureCredential` (managed identity, `AZURE_CLIENT_ID`). */
export function azureAccess(
  settings: { readonly connectionString: string } | { readonly blobUrl: string; readonly tableUrl: string },
): AzureStorageAccess {
  if ('connectionString' in settings) return settings;
  return { ...settings, credential: new DefaultAzureCredential() };
}
