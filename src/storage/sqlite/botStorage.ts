import { randomUUID } from 'node:crypto';
import type { StoreItem, StoreItems } from 'botbuilder';
import type { CreateOnlyStorage } from '../createOnlyStorage';
import type { SqliteDatabase } from './database';

/**
 * Bot state (conversation state, throttle counters, duplicate markers) in SQLite, with botbuilder's
 * ETag rules: no eTag or `'*'` overwrites, a stale eTag is refused with the same error `MemoryStorage` throws.
 */
export class SqliteStorage implements CreateOnlyStorage {
  private readonly select;
  private readonly upsert;
  private readonly update;
  private readonly insert;
  private readonly remove;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.select = db.prepare<[string], { etag: string; item: string }>(
      'SELECT etag, item FROM bot_state WHERE key = ?',
    );
    this.upsert = db.prepare(
      `INSERT INTO bot_state (key, etag, updated_at, item) VALUES (@key, @etag, @at, @item)
       ON CONFLICT (key) DO UPDATE SET etag = @etag, updated_at = @at, item = @item`,
    );
    this.update = db.prepare(
      'UPDATE bot_state SET etag = @etag, updated_at = @at, item = @item WHERE key = @key AND etag = @expected',
    );
    this.insert = db.prepare(
      'INSERT INTO bot_state (key, etag, updated_at, item) VALUES (@key, @etag, @at, @item) ON CONFLICT (key) DO NOTHING',
    );
    this.remove = db.prepare('DELETE FROM bot_state WHERE key = ?');
  }

  read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const row = this.select.get(key);
      if (row) items[key] = { ...(JSON.parse(row.item) as StoreItem), eTag: row.etag };
    }
    return Promise.resolve(items);
  }

  write(changes: StoreItems): Promise<void> {
    try {
      // All or nothing: one stale item refuses the whole write.
      this.db
        .transaction(() => {
          for (const [key, item] of Object.entries(changes) as [string, StoreItem][])
            this.writeOne(key, item);
        })
        .immediate();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  delete(keys: string[]): Promise<void> {
    this.db.transaction(() => keys.forEach((key) => this.remove.run(key))).immediate();
    return Promise.resolve();
  }

  createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    return Promise.resolve(this.insert.run(this.row(key, item)).changes === 1);
  }

  private writeOne(key: string, item: StoreItem): void {
    const row = this.row(key, item);
    const expected = item.eTag;
    if (expected === undefined || expected === '*') {
      this.upsert.run(row);
      return;
    }
    if (this.update.run({ ...row, expected }).changes === 1) return;
    // Like MemoryStorage: an eTag for an item that does not exist (any more) creates it.
    if (this.insert.run(row).changes === 1) return;
    throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
  }

  private row(key: string, item: StoreItem): { key: string; etag: string; at: string; item: string } {
    const { eTag: _ignored, ...rest } = item;
    return { key, etag: randomUUID(), at: this.now().toISOString(), item: JSON.stringify(rest) };
  }
}
