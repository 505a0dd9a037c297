import type { Storage, StoreItem, StoreItems } from 'botbuilder';

/** botbuilder's `Storage` contract plus a create-only write, which `BotStorageRecordStore` uses when present. */
export interface CreateOnlyStorage extends Storage {
  /** Writes `item` only if `key` holds nothing; `false` when it already existed. Atomic across processes. */
  createIfAbsent(key: string, item: StoreItem): Promise<boolean>;
}

/**
 * botbuilder's `ConversationState` writes a conversation's first state with no eTag, which overwrites
 * blindly: two instances handling the first message of one conversation at once would both "create"
 * it, and the last write would win. Through this wrapper such a write is create-only, and a state that
 * already exists is refused with the eTag-conflict error a stale write gets. Writes that carry an eTag
 * (or `'*'`, a deliberate overwrite) pass unchanged.
 */
export class FirstWriteCreateOnly implements Storage {
  constructor(private readonly storage: CreateOnlyStorage) {}

  read(keys: string[]): Promise<StoreItems> {
    return this.storage.read(keys);
  }

  delete(keys: string[]): Promise<void> {
    return this.storage.delete(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    const withEtag: StoreItems = {};
    for (const [key, item] of Object.entries(changes) as [string, StoreItem][]) {
      if (item.eTag !== undefined && item.eTag !== '') withEtag[key] = item;
      else if (!(await this.storage.createIfAbsent(key, item)))
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
    }
    if (Object.keys(withEtag).length > 0) await this.storage.write(withEtag);
  }
}

export function isCreateOnly(storage: Storage): storage is CreateOnlyStorage {
  return typeof (storage as Partial<CreateOnlyStorage>).createIfAbsent === 'function';
}
