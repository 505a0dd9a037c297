import { MemoryStorage, MemoryTranscriptStore } from 'botbuilder';
import type { BackendStores } from '../backend';
import { MemoryAuditLog } from './auditLog';
import { MemoryCaseStore } from './caseStore';

/** Everything in process memory (unit tests, a quick demo): lost on restart, so there is nothing to purge. */
export function openMemoryStores(): BackendStores {
  const audit = new MemoryAuditLog();
  return {
    storage: new MemoryStorage(),
    cases: new MemoryCaseStore(audit),
    audit,
    transcripts: new MemoryTranscriptStore(),
    purge: () => Promise.resolve({}),
    close: () => undefined,
  };
}
