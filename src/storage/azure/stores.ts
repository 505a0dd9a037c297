import { DefaultAzureCredential } from '@azure/identity';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsTranscriptStore } from 'botbuilder-azure-blobs';
import { readCaFile } from '../../lib/privateCa';
import type { RetentionPolicy } from '../../reset/retention';
import type { BackendStores } from '../backend';
import { AzureAuditLog } from './auditLog';
import { AzureBlobStorage, blobPipelineOptions } from './botStorage';
import { AzureCaseStore } from './caseStore';
import { AzureRetention, type AzurePurgeResult } from './retention';
import { tableClient, type AzureStorageAccess } from './tables';
import { AzureTranscriptStore } from './transcriptStore';

export const AZURE_NAMES = {
  stateContainer: 'botstate',
  transcriptContainer: 'transcripts',
  /** One partition per case: the case row and its audit events (`AzureCaseStore`). */
  casesTable: 'cases',
  /** The audit table of the earlier layout: no longer written, purged until it is empty. */
  auditTable: 'audit',
} as const;

export interface AzureStores extends BackendStores {
  purge(now: Date): Promise<AzurePurgeResult>;
}

/** Bot state and transcripts in Blob Storage, cases and audit in Table Storage: shared by every instance. */
export function openAzureStores(access: AzureStorageAccess, retention: RetentionPolicy): AzureStores {
  const blobUrl = (container: string) =>
    'blobUrl' in access ? `${access.blobUrl.replace(/\/+$/, '')}/${container}` : '';
  const ca = access.caPem !== undefined ? { caPem: access.caPem } : {};
  const storagePipelineOptions = blobPipelineOptions(access.caPem);
  const storage =
    'connectionString' in access
      ? new AzureBlobStorage({
          connectionString: access.connectionString,
          container: AZURE_NAMES.stateContainer,
          ...ca,
        })
      : new AzureBlobStorage({
          containerUrl: blobUrl(AZURE_NAMES.stateContainer),
          credential: access.credential,
          ...ca,
        });
  const transcripts = new AzureTranscriptStore(
    'connectionString' in access
      ? new BlobsTranscriptStore(access.connectionString, AZURE_NAMES.transcriptContainer, {
          storagePipelineOptions,
        })
      : new BlobsTranscriptStore(
          '',
          '',
          { storagePipelineOptions },
          blobUrl(AZURE_NAMES.transcriptContainer),
          access.credential,
        ),
  );
  const casesTable = tableClient(access, AZURE_NAMES.casesTable);
  const auditTable = tableClient(access, AZURE_NAMES.auditTable);
  const container = (name: string) =>
    'connectionString' in access
      ? new ContainerClient(access.connectionString, name, storagePipelineOptions)
      : new ContainerClient(blobUrl(name), access.credential, storagePipelineOptions);
  const audit = new AzureAuditLog(casesTable);
  const purger = new AzureRetention(casesTable, auditTable, retention, [
    container(AZURE_NAMES.transcriptContainer),
    container(AZURE_NAMES.stateContainer),
  ]);
  return {
    storage,
    cases: new AzureCaseStore(casesTable, audit),
    audit,
    transcripts,
    purge: (now) => purger.purge(now),
    // Nothing to release: the SDK clients hold nothing that keeps the process alive (test/storage/index.test.ts).
    close: () => undefined,
  };
}

/**
 * A connection string as is; the endpoints with `DefaultAzureCredential` (managed identity,
 * `AZURE_CLIENT_ID`). A CA file is read here, once, and trusted for Storage requests only.
 */
export function azureAccess(
  settings: (
    { readonly connectionString: string } | { readonly blobUrl: string; readonly tableUrl: string }
  ) & { readonly caFile?: string },
): AzureStorageAccess {
  const { caFile, ...where } = settings;
  const ca = caFile !== undefined ? { caPem: readCaFile(caFile) } : {};
  if ('connectionString' in where) return { connectionString: where.connectionString, ...ca };
  return {
    blobUrl: where.blobUrl,
    tableUrl: where.tableUrl,
    credential: new DefaultAzureCredential(),
    ...ca,
  };
}
