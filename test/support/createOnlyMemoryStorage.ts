import { MemoryStorage, type StoreItem } from 'botbuilder';
import type { CreateOnlyStorage } from '../../src/storage/createOnlyStorage';

/**
 * botbuilder's MemoryStorage with the create-only write that SQLite and Azure storage have, so two app
 * instances in one test process race for a record the way two processes do against the shared store.
 */
export class CreateOnlyMemoryStorage extends MemoryStorage implements CreateOnlyStorage {
  createIfAbsent(key: string, item: StoreItem): Promise<boolean> {
    // MemoryStorage keeps items in `memory` and writes them synchronously inside write(): checking and
    // writing without an await in between cannot interleave with another caller.
    const memory = (this as unknown as { memory: Record<string, unknown> }).memory;
    if (memory[key] !== undefined) return Promise.resolve(false);
    return this.write({ [key]: item }).then(() => true);
  }
}
