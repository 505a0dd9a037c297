import type { TableClient } from '@azure/data-tables';
import { monthPartition, quote } from './azureTables';
import type { RetentionPolicy } from './sqliteRetention';

const DAY_MS = 24 * 60 * 60_000;

export interface AzurePurgeResult {
  readonly auditEvents: number;
  readonly cases: number;
}

/**
 * Gallring for the Table stores: audit events and cases strictly older than `auditDays`. The month
 * PartitionKey bounds the scan to old partitions. Blob transcripts and bot state are not purged here
 * (see README: a Blob lifecycle management rule does it).
 */
export class AzureRetention {
  constructor(
    private readonly cases: TableClient,
    private readonly audit: TableClient,
    private readonly policy: RetentionPolicy,
  ) {}

  async purge(now: Date): Promise<AzurePurgeResult> {
    const cutoff = new Date(now.getTime() - this.policy.auditDays * DAY_MS).toISOString();
    return {
      auditEvents: await deleteOlder(this.audit, 'at', cutoff),
      cases: await deleteOlder(this.cases, 'createdAt', cutoff),
    };
  }
}

async function deleteOlder(table: TableClient, timeColumn: string, cutoff: string): Promise<number> {
  const filter = `PartitionKey le ${quote(monthPartition(cutoff))} and ${timeColumn} lt ${quote(cutoff)}`;
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
