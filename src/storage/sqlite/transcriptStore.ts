import type { Activity, PagedResult, TranscriptInfo, TranscriptStore } from 'botbuilder';
import type { SqliteDatabase } from './database';

/** Same page size as botbuilder's MemoryTranscriptStore, so callers page the same way on either. */
export const TRANSCRIPT_PAGE_SIZE = 20;

/** Taken at load, so a test's fake timers cannot hold back the writes. */
const nextLoopTurn = setImmediate;

type Row = [channelId: string, conversationId: string, at: string, activity: string];

interface Batch {
  readonly rows: Row[];
  /** Settles when the rows are committed; every `logActivity` of the batch returns it. */
  readonly written: Promise<void>;
  settle(error?: Error): void;
}

/**
 * Transcripts, one JSON row per activity. Only ever fed through `RedactingTranscriptMiddleware`, so what
 * lands here is already free of codes and passwords.
 *
 * Rows are written in one transaction per turn of the event loop rather than one commit each: a bot
 * turn logs three activities or more, and with many conversations at once one commit serves several
 * turns. Nobody waits for a transcript row (botbuilder's logger does not), so deferring it costs no
 * latency. Reads and `flush()` (on close) write what is waiting first. A killed process can lose the
 * rows of the loop turn it died in, as botbuilder's logger already loses those of an unfinished bot
 * turn (it logs them when the turn ends).
 */
export class SqliteTranscriptStore implements TranscriptStore {
  private batch: Batch | undefined;
  private readonly insertAll;
  private readonly insert;
  private readonly activities;
  private readonly conversations;
  private readonly remove;

  constructor(db: SqliteDatabase) {
    this.insert = db.prepare(
      'INSERT INTO transcript (channel_id, conversation_id, at, activity) VALUES (?, ?, ?, ?)',
    );
    this.insertAll = db.transaction((rows: readonly Row[]) => {
      for (const row of rows) this.insert.run(...row);
    });
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

  /** Resolves once the activity is committed, at the latest when the event loop turns. */
  logActivity(activity: Activity): Promise<void> {
    const conversationId = activity.conversation?.id;
    if (!activity.channelId || !conversationId) {
      return Promise.reject(new Error('a transcript activity needs a channel id and a conversation id'));
    }
    const at = toDate(activity.timestamp) ?? new Date();
    const batch = (this.batch ??= this.startBatch());
    // Serialised now: what is logged is the activity as it is at this moment.
    batch.rows.push([activity.channelId, conversationId, at.toISOString(), JSON.stringify(activity)]);
    return batch.written;
  }

  /** Writes the activities waiting for the loop to turn now (before closing the file). */
  flush(): void {
    const error = this.writeWaiting();
    if (error) throw error;
  }

  private writeWaiting(): Error | undefined {
    const batch = this.batch;
    if (!batch) return undefined;
    this.batch = undefined;
    try {
      this.insertAll.immediate(batch.rows);
      batch.settle();
      return undefined;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      batch.settle(failure);
      return failure;
    }
  }

  private startBatch(): Batch {
    let settle: Batch['settle'] = () => undefined;
    const written = new Promise<void>((resolve, reject) => {
      settle = (error) => (error ? reject(error) : resolve());
    });
    const batch: Batch = { rows: [], written, settle: (error) => settle(error) };
    nextLoopTurn(() => {
      // Unless a read or a flush wrote it already; a failure reaches the callers through `written`.
      if (this.batch === batch) this.writeWaiting();
    });
    return batch;
  }

  /** The continuation token is the position of the last activity returned. */
  getTranscriptActivities(
    channelId: string,
    conversationId: string,
    continuationToken?: string,
    startDate?: Date,
  ): Promise<PagedResult<Activity>> {
    this.flush();
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
    this.flush();
    const offset = continuationToken ? Number(continuationToken) : 0;
    const rows = this.conversations.all(channelId, TRANSCRIPT_PAGE_SIZE, offset);
    return Promise.resolve({
      items: rows.map((row) => ({ channelId, id: row.id, created: new Date(row.created) })),
      continuationToken: rows.length === TRANSCRIPT_PAGE_SIZE ? String(offset + rows.length) : '',
    });
  }

  deleteTranscript(channelId: string, conversationId: string): Promise<void> {
    this.flush();
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
