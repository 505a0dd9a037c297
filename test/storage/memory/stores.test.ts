import { MemoryStorage, MemoryTranscriptStore } from 'botbuilder';
import { MemoryAuditLog } from '../../../src/storage/memory/auditLog';
import { MemoryCaseStore } from '../../../src/storage/memory/caseStore';
import {
  auditLogContract,
  botStorageContract,
  caseJournalContract,
  caseStoreContract,
  transcriptStoreContract,
} from '../contracts';

// The same contracts the SQLite stores pass, so `STORAGE=memory` in tests behaves like production.
describe('memory stores (STORAGE=memory)', () => {
  describe('MemoryStorage', () => botStorageContract(() => ({ store: new MemoryStorage() })));
  describe('MemoryCaseStore', () => caseStoreContract(() => ({ store: new MemoryCaseStore() })));
  describe('MemoryAuditLog', () => auditLogContract(() => ({ store: new MemoryAuditLog() })));
  describe('MemoryCaseStore with its audit log', () =>
    caseJournalContract(() => {
      const audit = new MemoryAuditLog();
      return { store: { cases: new MemoryCaseStore(audit), audit } };
    }));
  describe('MemoryTranscriptStore', () =>
    transcriptStoreContract(() => ({ store: new MemoryTranscriptStore() })));
});
