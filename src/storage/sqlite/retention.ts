import type { RetentionPolicy, RetentionPurge } from '../../reset/retention';
import type { SqliteDatabase } from './database';

const DAY_MS = 24 * 60 * 60_000;

export type PurgeResult = {
  readonly transcriptActivities: number;
  readonly botStateItems: number;
  readonly auditEvents: number;
  readonly cases: number;
};

/** Gallring: deletes everything strictly older than its retention period, measured from `now`. */
export class SqliteRetention implements RetentionPurge {
  private readonly statements;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly policy: RetentionPolicy,
  ) {
    this.statements = {
      transcript: db.prepare('DELETE FROM transcript WHERE at < ?'),
      botState: db.prepare('DELETE FROM bot_state WHERE updated_at < ?'),
      audit: db.prepare('DELETE FROM audit WHERE at < ?'),
      cases: db.prepare('DELETE FROM cases WHERE created_at < ?'),
    };
  }

  purge(now: Date): Promise<PurgeResult> {
    const transcriptCutoff = new Date(now.getTime() - this.policy.transcriptDays * DAY_MS).toISOString();
    const auditCutoff = new Date(now.getTime() - this.policy.auditDays * DAY_MS).toISOString();
    const result = this.db
      .transaction(() => ({
        transcriptActivities: this.statements.transcript.run(transcriptCutoff).changes,
        botStateItems: this.statements.botState.run(transcriptCutoff).changes,
        auditEvents: this.statements.audit.run(auditCutoff).changes,
        cases: this.statements.cases.run(auditCutoff).changes,
      }))
      .immediate();
    return Promise.resolve(result);
  }
}
