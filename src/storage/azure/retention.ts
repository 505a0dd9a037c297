import type { TableClient } from '@azure/data-tables';
import type { ContainerClient } from '@azure/storage-blob';
import type { RetentionPolicy, RetentionPurge } from '../../reset/retention';
import { quote } from './tables';

const DAY_MS = 24 * 60 * 60_000;

export type AzurePurgeResult = {
  readonly auditEvents: number;
  readonly cases: number;
  /** Transcript and bot-state blobs not written for `transcriptDays`. */
  readonly blobs: number;
};

/**
 * Gallring for Azure: cases and audit events strictly older than `auditDays`, and blobs in the
 * transcript and bot-state containers not modified for `transcriptDays`, as the SQLite store does. The
 * cases table is partitioned by case, so the old rows are found by a filtered scan (hourly, not per
 * turn). `legacyAudit`: the audit table of the earlier layout (one partition per month), purged the
 * same way until it is empty. A storage lifecycle rule may do the blob part as well; both together
 * are harmless.
 */
export class AzureRetention implements RetentionPurge {
  constructor(
    private readonly cases: TableClient,
    private readonly legacyAudit: TableClient | undefined,
    private readonly policy: RetentionPolicy,
    private readonly containers: readonly ContainerClient[] = [],
  ) {}

  async purge(now: Date): Promise<AzurePurgeResult> {
    const cutoff = new Date(now.getTime() - this.policy.auditDays * DAY_MS).toISOString();
    const idleSince = new Date(now.getTime() - this.policy.transcriptDays * DAY_MS);
    let blobs = 0;
    for (const container of this.containers) blobs += await deleteIdleBlobs(container, idleSince);
    const older = (column: string) => `${column} lt ${quote(cutoff)}`;
    const legacy = this.legacyAudit ? await deleteWhere(this.legacyAudit, older('at')) : 0;
    return {
      auditEvents: (await deleteWhere(this.cases, older('at'))) + legacy,
      cases: await deleteWhere(this.cases, older('createdAt')),
      blobs,
    };
  }
}

async function deleteIdleBlobs(container: ContainerClient, idleSince: Date): Promise<number> {
  let deleted = 0;
  try {
    for await (const blob of container.listBlobsFlat()) {
      if (blob.properties.lastModified >= idleSince) continue;
      // Someone may have written it since it was listed: only delete the version that was listed.
      const response = await container
        .deleteBlob(blob.name, { conditions: { ifUnmodifiedSince: idleSince } })
        .catch((error: unknown) => {
          if (hasStatusCode(error, 404, 412)) return undefined;
          throw error;
        });
      if (response) deleted++;
    }
  } catch (error) {
    // A container that was never created holds nothing to purge.
    if (!hasStatusCode(error, 404)) throw error;
  }
  return deleted;
}

function hasStatusCode(error: unknown, ...codes: number[]): boolean {
  return (
    error instanceof Error &&
    'statusCode' in error &&
    typeof error.statusCode === 'number' &&
    codes.includes(error.statusCode)
  );
}

async function deleteWhere(table: TableClient, filter: string): Promise<number> {
  let deleted = 0;
  try {
    const rows = table.listEntities({ queryOptions: { filter, select: ['PartitionKey', 'RowKey'] } });
    for await (const row of rows) {
      if (row.partitionKey === undefined || row.rowKey === undefined) continue;
      await table.deleteEntity(row.partitionKey, row.rowKey);
      deleted++;
    }
  } catch (error) {
    // A table that was never created holds nothing to purge.
    if (!(error instanceof Error && 'statusCode' in error && error.statusCode === 404)) throw error;
  }
  return deleted;
}
