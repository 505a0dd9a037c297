import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { SqliteDatabase } from './sqliteDatabase';

/** Same page size as botbuilder's MemoryTranscriptStore, so callers page the same way on either. */
export const TRANSCRIPT_PAGE_SIZE = 20;

/**
 * Transcripts, one JSON row per activity. Only ever fed through `RedactingTranscriptLogger`, so what
 * lands here is already free of codes and passwords.
 */
export class SqliteTranscriptStore implements TranscriptStore {
  private readonly insert;
  private readonly activities;
  private readonly conversations;
  private readonly remove;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      'INSERT INTO transcript (channel_id, conversation_id, at, activity) VALUES (?, ?, ?, ?)',
    );
    this.activities = db.prepare<[string, string, number, string, number], { seq: number; activity: string }>(
      `SELECT seq, activity FROM transcript
       WHERE channel_id = ? AND conversation_id = ? AND seq > ? AND at >= ?
       ORDER BY seq LIMIT ?`,
    );
    this.conversations = db.prepare<[string, number, number], { id: string; created: string }>(
      `SELECT conversation_id AS id, min(at) AS created FROM transcript WHERE channel_id = ?
       GROUP BY conversation_id ORDER BY created, id LIMIT ? OFFSET ?`,
    );
    this.remove = db.prepare('DELETE FROM transcript WHERE channel_id = ? AND conversation_id = ?');
  }

  logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!activity.channelId || !conversationId) {
      return Promise.reject(new Error('a transcript activity needs a channel id and a conversation id'));
    }
    const at = toDate(activity.timestamp) ?? new Date();
    this.insert.run(activity.channelId, conversationId, at.toISOString(), JSON.stringify(activity));
    return Promise.resolve();
  }

  /** The continuation token is the position of the last activity returned. */
  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    const after = continuationToken ? Number(continuationToken) : 0;
    const since = (startDate ?? new Date(0)).toISOString();
    const rows = this.activities.all(channelId, conversationId, after, since, TRANSCRIPT_PAGE_SIZE);
    const last = rows.at(-1);
    return Promise.resolve({
      items: rows.map((row) => fromJson(row.activity)),
      continuationToken: rows.length === TRANSCRIPT_PAGE_SIZE && last ? String(last.seq) : '',
    });
  }

  /** Oldest conversation first; the continuation token is an offset. */
  listTranscripts(channelId: string, continuationToken?: string): Promise<PagedResult<TranscriptInfo>> {
    const offset = continuationToken ? Number(continuationToken) : 0;
    const rows = this.conversations.all(channelId, TRANSCRIPT_PAGE_SIZE, offset);
    return Promise.resolve({
      items: rows.map((row) => ({ channelId, id: row.id, created: new Date(row.created) })),
      continuationToken: rows.length === TRANSCRIPT_PAGE_SIZE ? String(offset + rows.length) : '',
    });
  }

  deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    this.remove.run(channelId, conversationId);
    return Promise.resolve();
  }
}

/** Activities come back as the logger gave them: timestamps as `Date`, like MemoryTranscriptStore's. */
function fromJson(json: string): Activity {
  const activity = JSON.parse(json) as Activity & { timestamp?: unknown; localTimestamp?: unknown };
  const timestamp = toDate(activity.timestamp);
  const localTimestamp = toDate(activity.localTimestamp);
  return {
    ...activity,
    ...(timestamp ? { timestamp } : {}),
    ...(localTimestamp ? { localTimestamp } : {}),
  };
}

function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
