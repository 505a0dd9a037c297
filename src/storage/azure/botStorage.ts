import { ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';
import type { TokenCredential } from '@azure/identity';
import type { StoreItem } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { sanitizeBlobKey } from 'botbuilder-azure-blobs/lib/sanitizeBlobKey';
import type { CreateOnlyStorage } from '../createOnlyStorage';
import { BLOB_PIPELINE } from './retry';
import { trustedCa } from './tables';

export type BlobAccess = (
  | { readonly connectionString: string; readonly container: string }
  | { readonly containerUrl: string; readonly credential: TokenCredential }
) & { readonly caPem?: string };

/** Blob clients' options: short retries (retry.ts), trusting a private CA (storage-blob hands `tlsOptions` on to its core pipeline). */
export function blobPipelineOptions(caPem: string | undefined): StoragePipelineOptions {
  return { ...BLOB_PIPELINE, ...(trustedCa(caPem) as StoragePipelineOptions) };
}

/**
 * Bot state in Blob Storage through botbuilder's `BlobsStorage` (eTag concurrency on write), plus the
 * create-only write `BlobsStorage` lacks: an upload with `If-None-Match: *`, atomic across instances.
 */
export class AzureBlobStorage extends BlobsStorage implements CreateOnlyStorage {
  private readonly container: ContainerClient;
  private created: Promise<unknown> | undefined;

  constructor(access: BlobAccess) {
    const storagePipelineOptions = blobPipelineOptions(access.caPem);
    if ('connectionString' in access) {
      super(access.connectionString, access.container, { storagePipelineOptions });
      this.container = new ContainerClient(access.connectionString, access.container, storagePipelineOptions);
    } else {
      super('', '', { storagePipelineOptions }, access.containerUrl, access.credential);
      this.container = new ContainerClient(access.containerUrl, access.credential, storagePipelineOptions);
    }
  }

  async createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    this.created ??= this.container.createIfNotExists();
    await this.created;
    const { eTag: _ignored, ...value } = item;
    // Same blob name and JSON shape as BlobsStorage.write, so `read` sees it.
    const body = JSON.stringify(value);
    try {
      await this.container.getBlockBlobClient(sanitizeBlobKey(key)).upload(body, Buffer.byteLength(body), {
        conditions: { ifNoneMatch: '*' },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return true;
    } catch (error) {
      if (statusOf(error) === 409 || statusOf(error) === 412) return false;
      throw error;
    }
  }
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'statusCode' in error
    ? Number(error.statusCode)
    : undefined;
}
