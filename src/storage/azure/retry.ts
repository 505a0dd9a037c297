import type { StoragePipelineOptions } from '@azure/storage-blob';

/**
 * How often and how long the Azure SDKs retry before a call fails. Their defaults back off for up to
 * half a minute (seen: 16 s for one turn against a stopped Azurite), past the 15 s Teams waits for an
 * answer; a turn that meets an unreachable store should fail fast and say so. Few, short retries still
 * ride out a dropped connection.
 */
export const BLOB_PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 4000 },
};

export const TABLE_RETRY = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 } as const;
