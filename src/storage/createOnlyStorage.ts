import type { Storage, StoreItem } from 'botbuilder';

/** botbuilder's `Storage` contract plus a create-only write, which `BotStorageRecordStore` uses when present. */
export interface CreateOnlyStorage extends Storage {
  /** Writes `item` only if `key` holds nothing; `false` when it already existed. Atomic across processes. */
  createIfAbsent(key: string, item: StoreItem): Promise<boolean>;
}
