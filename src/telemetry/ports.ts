import type { Storage } from 'botbuilder';
import type { AuditEvent } from '../reset/audit';
import type { AccountDirectory, AuditLog, CaseStore, RecordStore, SmsSender } from '../reset/ports';
import { tagCase, traced, type Instruments } from './instruments';

/*
 * Decorators of the domain's ports. Each overrides the port's methods and passes everything else
 * through to the object it wraps (a directory's lockout feed, a store's create-only write), so code that
 * looks for an optional method still finds it.
 */

/** `target` with `overrides` in front; other members are the target's own, bound to it. */
export function decorate<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      if (Object.prototype.hasOwnProperty.call(overrides, property))
        return (overrides as Record<PropertyKey, unknown>)[property];
      const value: unknown = Reflect.get(object, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/** Lookups say whether an account was found and where it lives; never which account. */
export function tracedDirectory<T extends AccountDirectory>(i: Instruments, directory: T): T {
  const find =
    (operation: 'findByUsername' | 'findByAadObjectId') =>
    (key: string): ReturnType<AccountDirectory['findByUsername']> =>
      traced(i, 'directory', operation, async (span) => {
        const account = await directory[operation](key);
        span.setAttribute('reset.found', account !== undefined);
        if (account) span.setAttribute('reset.account.source', account.source);
        return account;
      });
  return decorate<T>(directory, {
    findByUsername: find('findByUsername'),
    findByAadObjectId: find('findByAadObjectId'),
    unlock: (account) =>
      traced(
        i,
        'directory',
        'unlock',
        async (span) => {
          const result = await directory.unlock(account);
          span.setAttribute('reset.unlock.result', result);
          return result;
        },
        { 'reset.account.source': account.source },
      ),
    setPassword: (account, password) =>
      traced(i, 'directory', 'setPassword', () => directory.setPassword(account, password), {
        'reset.account.source': account.source,
      }),
  } as Partial<T>);
}

/** The case id only: neither the number nor the text (which holds the code). */
export function tracedSms(i: Instruments, sender: SmsSender): SmsSender {
  return decorate(sender, {
    send: (message) =>
      traced(i, 'sms', 'send', async (span) => {
        tagCase(span, message.caseId);
        await sender.send(message);
        i.smsSent.add(1);
      }),
  });
}

export function tracedCases<T extends CaseStore>(i: Instruments, store: T): T {
  const attributes = { 'reset.store': 'cases' };
  return decorate<T>(store, {
    get: (caseId) =>
      traced(
        i,
        'storage',
        'case.get',
        (span) => {
          tagCase(span, caseId);
          return store.get(caseId);
        },
        attributes,
      ),
    save: (record, etag) =>
      traced(
        i,
        'storage',
        'case.save',
        (span) => {
          tagCase(span, record.id);
          if (record.outcome !== undefined) span.setAttribute('reset.outcome', record.outcome);
          return store.save(record, etag);
        },
        attributes,
      ),
    // The domain saves a case with its audit events in one write (issue 17): its outcome event is counted here.
    saveWithEvents: (record, events, etag) =>
      traced(
        i,
        'storage',
        'case.saveWithEvents',
        async (span) => {
          tagCase(span, record.id);
          if (record.outcome !== undefined) span.setAttribute('reset.outcome', record.outcome);
          span.setAttribute('reset.audit.events', events.length);
          const saved = await store.saveWithEvents(record, events, etag);
          for (const event of events) countOutcome(i, event);
          return saved;
        },
        attributes,
      ),
    list: (query) => traced(i, 'storage', 'case.list', () => store.list(query), attributes),
  } as Partial<T>);
}

function countOutcome(i: Instruments, event: AuditEvent): void {
  if (event.type === 'outcome' && event.outcome !== undefined)
    i.cases.add(1, { 'reset.outcome': event.outcome });
}

/** The domain writes one `outcome` event per case, here or with its case: where cases are counted by outcome. */
export function tracedAudit<T extends AuditLog>(i: Instruments, log: T): T {
  return decorate<T>(log, {
    record: (event) =>
      traced(
        i,
        'storage',
        'audit.record',
        async (span) => {
          tagCase(span, event.caseId);
          span.setAttribute('reset.audit.type', event.type);
          await log.record(event);
          countOutcome(i, event);
        },
        { 'reset.store': 'audit' },
      ),
  } as Partial<T>);
}

/** The record's prefix (`throttle`, `budget`, `seen`, …) but not its key, which may derive from a name. */
export function tracedRecords<T>(i: Instruments, prefix: string, store: RecordStore<T>): RecordStore<T> {
  const attributes = { 'reset.store': prefix };
  return decorate(store, {
    get: (key) => traced(i, 'storage', 'record.get', () => store.get(key), attributes),
    put: (key, value, etag) =>
      traced(
        i,
        'storage',
        etag === undefined ? 'record.create' : 'record.put',
        () => store.put(key, value, etag),
        attributes,
      ),
  });
}

/** Conversation state: how many keys, never which (they are conversation ids). */
export function tracedStorage<T extends Storage>(i: Instruments, storage: T): T {
  const attributes = { 'reset.store': 'state' };
  return decorate<T>(storage, {
    read: (keys) =>
      traced(i, 'storage', 'state.read', () => storage.read(keys), {
        ...attributes,
        'reset.keys': keys.length,
      }),
    write: (changes) =>
      traced(i, 'storage', 'state.write', () => storage.write(changes), {
        ...attributes,
        'reset.keys': Object.keys(changes).length,
      }),
    delete: (keys) =>
      traced(i, 'storage', 'state.delete', () => storage.delete(keys), {
        ...attributes,
        'reset.keys': keys.length,
      }),
  } as Partial<T>);
}
