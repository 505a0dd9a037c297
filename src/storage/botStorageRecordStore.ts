import type { Storage, StoreItem } from 'botbuilder';
import { ConflictError } from '../reset/errors';
import type { RecordStore, Versioned } from '../reset/ports';
import { KeyedMutex } from '../lib/keyedMutex';
import { isCreateOnly } from './createOnlyStorage';

/**
 * The domain's small records (throttle counters, ...) kept in the bot's own `Storage`, so they share
 * its backend and its optimistic concurrency: a write with a stale eTag is refused.
 */
export class BotStorageRecordStore<T extends object> implements RecordStore<T> {
  // botbuilder's Storage has no create-only write: the existence check and the write must not interleave.
  private readonly writes = new KeyedMutex();

  constructor(
    private readonly storage: Storage,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<Versioned<T> | undefined> {
    const storageKey = this.key(key);
    const items = await this.storage.read([storageKey]);
    const item = items[storageKey] as (StoreItem & { value?: T }) | undefined;
    if (!item?.value || item.eTag === undefined) return undefined;
    return { value: item.value, etag: item.eTag };
  }

  put(key: string, value: T, etag?: string): Promise<void> {
    return this.writes.run(key, () => this.write(key, value, etag));
  }

  private async write(key: string, value: T, etag?: string): Promise<void> {
    const storageKey = this.key(key);
    if (etag === undefined && isCreateOnly(this.storage)) {
      // Atomic across processes, not only within this one.
      if (await this.storage.createIfAbsent(storageKey, { value })) return;
      throw new ConflictError(`${storageKey} already exists`);
    }
    if (etag === undefined) {
      const existing = await this.get(key);
      if (existing) throw new ConflictError(`${storageKey} already exists`);
    }
    try {
      // eTag '*' would overwrite blindly; a new record is written with no eTag only after the check above.
      await this.storage.write({ [storageKey]: { value, ...(etag !== undefined ? { eTag: etag } : {}) } });
    } catch (error) {
      if (isEtagConflict(error)) throw new ConflictError(`${storageKey} changed since it was read`);
      throw error;
    }
  }

  private key(key: string): string {
    return `${this.prefix}/${key}`;
  }
}

function isEtagConflict(error: unknown): boolean {
  return error instanceof Error && /etag|precondition|conflict/i.test(error.message);
}
