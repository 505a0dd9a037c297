/** Gallring: how long what the bot keeps about a case is kept (README, `*_RETENTION_DAYS`). */
export interface RetentionPolicy {
  /** Transcripts, and bot state nobody has written for this long (idle conversations, old counters). */
  readonly transcriptDays: number;
  /** Audit events and the cases they belong to. */
  readonly auditDays: number;
}

/** How many items of each kind one purge deleted (kinds differ by store), for the operator's log. */
export type PurgeCounts = Readonly<Record<string, number>>;

/** Deletes everything strictly older than its retention period, measured from `now`. */
export interface RetentionPurge {
  purge(now: Date): Promise<PurgeCounts>;
}
