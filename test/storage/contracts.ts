import assert from 'node:assert/strict';
import type { Activity, Storage, StoreItem, TranscriptStore } from 'botbuilder';
import type { AuditEvent } from '../../src/reset/audit';
import type { CaseRecord } from '../../src/reset/case';
import { ConflictError } from '../../src/reset/errors';
import type { CaseStore } from '../../src/reset/ports';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import type { ReadableAuditLog } from '../../src/reset/auditTrail';

/** Builds a fresh, empty store for one test; `close` releases it. */
export type Fresh<T> = () => { store: T; close?: () => void };

/** One outcome per promise: how many were fulfilled and the reasons of the rest. */
async function settle(promises: readonly Promise<unknown>[]): Promise<{ won: number; lost: unknown[] }> {
  const results = await Promise.allSettled(promises);
  return {
    won: results.filter((result) => result.status === 'fulfilled').length,
    lost: results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : [])),
  };
}

function using<T>(fresh: Fresh<T>): { readonly store: T } {
  const current: { store?: T; close?: () => void } = {};
  beforeEach(() => Object.assign(current, fresh()));
  afterEach(() => current.close?.());
  return {
    get store(): T {
      assert.ok(current.store);
      return current.store;
    },
  };
}

export function botStorageContract(fresh: Fresh<Storage>): void {
  const it_ = using(fresh);

  describe('when an item is written without an eTag', () => {
    it('reads it back with a string eTag and reads nothing for other keys', async () => {
      await it_.store.write({ 'conv/a': { count: 1 } });
      const read = await it_.store.read(['conv/a', 'conv/missing']);
      assert.deepEqual(Object.keys(read), ['conv/a']);
      assert.equal((read['conv/a'] as StoreItem)['count'], 1);
      assert.equal(typeof (read['conv/a'] as StoreItem).eTag, 'string');
    });
  });

  describe('when an item is written with the eTag it was read with', () => {
    it('replaces it and gives it a new eTag', async () => {
      await it_.store.write({ k: { count: 1 } });
      const first = (await it_.store.read(['k']))['k'] as StoreItem;
      await it_.store.write({ k: { ...first, count: 2 } });
      const second = (await it_.store.read(['k']))['k'] as StoreItem;
      assert.equal(second['count'], 2);
      assert.notEqual(second.eTag, first.eTag);
    });
  });

  describe('when an item is written with a stale eTag', () => {
    it("refuses with botbuilder's eTag conflict error and keeps the newer value", async () => {
      await it_.store.write({ k: { count: 1 } });
      const stale = (await it_.store.read(['k']))['k'] as StoreItem;
      await it_.store.write({ k: { ...stale, count: 2 } });
      await assert.rejects(it_.store.write({ k: { ...stale, count: 3 } }), /eTag conflict/);
      assert.equal(((await it_.store.read(['k']))['k'] as StoreItem)['count'], 2);
    });
  });

  describe("when an item is written with eTag '*'", () => {
    it('overwrites whatever is there', async () => {
      await it_.store.write({ k: { count: 1 } });
      await it_.store.write({ k: { count: 5, eTag: '*' } });
      assert.equal(((await it_.store.read(['k']))['k'] as StoreItem)['count'], 5);
    });
  });

  describe('when an item is deleted', () => {
    it('is no longer read', async () => {
      await it_.store.write({ k: { count: 1 }, other: { count: 2 } });
      await it_.store.delete(['k']);
      assert.deepEqual(Object.keys(await it_.store.read(['k', 'other'])), ['other']);
    });
  });

  describe('when two writers present the same eTag', () => {
    it('lets exactly one of them win', async () => {
      await it_.store.write({ k: { count: 0 } });
      const read = (await it_.store.read(['k']))['k'] as StoreItem;
      const { won, lost } = await settle([
        it_.store.write({ k: { ...read, count: 1 } }),
        it_.store.write({ k: { ...read, count: 2 } }),
      ]);
      assert.equal(won, 1);
      assert.match(String(lost[0]), /eTag conflict/);
    });
  });

  describe('when used by BotStorageRecordStore', () => {
    it('creates a record once and turns stale writes into ConflictError', async () => {
      const records = new BotStorageRecordStore<{ n: number }>(it_.store, 'throttle');
      const { won, lost } = await settle([records.put('anna', { n: 1 }), records.put('anna', { n: 2 })]);
      assert.equal(won, 1);
      assert.ok(lost[0] instanceof ConflictError);
      const current = await records.get('anna');
      assert.ok(current);
      await records.put('anna', { n: 9 }, current.etag);
      await assert.rejects(records.put('anna', { n: 10 }, current.etag), ConflictError);
      assert.equal((await records.get('anna'))?.value.n, 9);
    });
  });
}

export function caseRecord(id: string, createdAt: string, changes: Partial<CaseRecord> = {}): CaseRecord {
  return {
    id,
    conversationId: `conv-${id}`,
    createdAt,
    updatedAt: createdAt,
    requester: { userId: `user-${id}`, name: 'Anna Svensson' },
    locale: 'sv',
    codesSent: 0,
    steps: [{ step: 'started', at: createdAt }],
    ...changes,
  };
}

export function caseStoreContract(fresh: Fresh<CaseStore>): void {
  const it_ = using(fresh);

  describe('when a case is created and read back', () => {
    it('returns the same record with the eTag the save returned', async () => {
      const record = caseRecord('c1', '2025-03-10T08:00:00.000Z', { requestedUsername: 'anna.svensson' });
      const etag = await it_.store.save(record);
      assert.deepEqual(await it_.store.get('c1'), { value: record, etag });
      assert.equal(await it_.store.get('missing'), undefined);
    });
  });

  describe('when a case is created twice', () => {
    it('refuses the second with ConflictError', async () => {
      await it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      await assert.rejects(it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z')), ConflictError);
    });
  });

  describe('when a case is saved with a stale eTag', () => {
    it('refuses with ConflictError and keeps the newer record', async () => {
      const stale = await it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      const fresher = await it_.store.save(
        caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'unlocked' }),
        stale,
      );
      await assert.rejects(
        it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'abandoned' }), stale),
        ConflictError,
      );
      assert.deepEqual(await it_.store.get('c1').then((read) => [read?.etag, read?.value.outcome]), [
        fresher,
        'unlocked',
      ]);
    });
  });

  describe('when two writers save the same case with the same eTag', () => {
    it('lets exactly one of them win', async () => {
      const etag = await it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z'));
      const { won, lost } = await settle([
        it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'unlocked' }), etag),
        it_.store.save(caseRecord('c1', '2025-03-10T08:00:00.000Z', { outcome: 'expired' }), etag),
      ]);
      assert.equal(won, 1);
      assert.ok(lost[0] instanceof ConflictError);
    });
  });

  describe('when cases are listed', () => {
    it('gives the newest first, at most `limit`', async () => {
      for (const [id, at] of [
        ['old', '2025-03-01T08:00:00.000Z'],
        ['new', '2025-03-03T08:00:00.000Z'],
        ['mid', '2025-03-02T08:00:00.000Z'],
      ] as const) {
        await it_.store.save(caseRecord(id, at));
      }
      assert.deepEqual(
        (await it_.store.list()).map((record) => record.id),
        ['new', 'mid', 'old'],
      );
      assert.deepEqual(
        (await it_.store.list({ limit: 2 })).map((record) => record.id),
        ['new', 'mid'],
      );
    });
  });

  describe('when the service desk filters the list', () => {
    const account = (username: string, displayName: string) => ({
      id: `ad:${username}`,
      username,
      displayName,
      upn: `${username}@kommun.se`,
      source: 'on-premises' as const,
    });
    const ids = async (query: Parameters<CaseStore['list']>[0]) =>
      (await it_.store.list(query)).map((record) => record.id);

    beforeEach(async () => {
      await it_.store.save(
        caseRecord('feb-anna', '2025-02-27T08:00:00.000Z', {
          account: account('anna.svensson', 'Anna Svensson'),
          outcome: 'unlocked',
        }),
      );
      await it_.store.save(
        caseRecord('mar-bertil', '2025-03-01T09:00:00.000Z', {
          account: account('bertil.ek', 'Bertil Ek'),
          requester: { userId: 'u-2', name: 'Örjan Åberg' },
          ownAccount: false,
          outcome: 'no-phone',
        }),
      );
      await it_.store.save(
        caseRecord('mar-open', '2025-03-02T10:00:00.000Z', { requestedUsername: 'okand' }),
      );
    });

    it('narrows by outcome, and `open` finds the cases still in progress', async () => {
      assert.deepEqual(await ids({ outcome: 'no-phone' }), ['mar-bertil']);
      assert.deepEqual(await ids({ outcome: 'open' }), ['mar-open']);
      assert.deepEqual(await ids({ outcome: 'expired' }), []);
    });

    it('narrows by time across a month boundary, `until` exclusive', async () => {
      assert.deepEqual(await ids({ since: '2025-02-27T00:00:00.000Z', until: '2025-03-02T10:00:00.000Z' }), [
        'mar-bertil',
        'feb-anna',
      ]);
      assert.deepEqual(await ids({ since: '2025-03-01T09:00:00.001Z' }), ['mar-open']);
    });

    it('finds an account by part of its username, name or the username typed, in any case', async () => {
      assert.deepEqual(await ids({ account: 'BERTIL' }), ['mar-bertil']);
      assert.deepEqual(await ids({ account: 'svensson' }), ['feb-anna']);
      assert.deepEqual(await ids({ account: 'okand' }), ['mar-open']);
    });

    it('searches the requester and the case id too, with Swedish letters', async () => {
      assert.deepEqual(await ids({ text: 'åberg' }), ['mar-bertil']);
      assert.deepEqual(await ids({ text: 'feb-an' }), ['feb-anna']);
      assert.deepEqual(await ids({ text: 'nobody' }), []);
    });

    it('combines filters and pages with `until` as the cursor', async () => {
      assert.deepEqual(await ids({ limit: 1 }), ['mar-open']);
      assert.deepEqual(await ids({ limit: 1, until: '2025-03-02T10:00:00.000Z' }), ['mar-bertil']);
      assert.deepEqual(
        await ids({ outcome: 'unlocked', account: 'anna', since: '2025-02-01T00:00:00.000Z' }),
        ['feb-anna'],
      );
    });
  });
}

export function auditEvent(caseId: string, at: string, type: AuditEvent['type'] = 'started'): AuditEvent {
  return { at, caseId, type, account: 'anna.svensson' };
}

export function auditLogContract(fresh: Fresh<ReadableAuditLog>): void {
  const it_ = using(fresh);

  describe('when events are recorded', () => {
    it('lists them oldest first, for all cases or one', async () => {
      const events = [
        auditEvent('c1', '2025-03-10T08:00:00.000Z'),
        auditEvent('c2', '2025-03-10T08:01:00.000Z'),
        auditEvent('c1', '2025-03-10T08:02:00.000Z', 'code-sent'),
      ];
      for (const event of events) await it_.store.record(event);
      assert.deepEqual(it_.store.list(), events);
      assert.deepEqual(it_.store.list('c1'), [events[0], events[2]]);
    });
  });

  describe('when events are queried by time', () => {
    it('includes `since`, excludes `until` and stops at `limit`', async () => {
      for (const minute of [0, 1, 2, 3]) {
        await it_.store.record(auditEvent('c1', `2025-03-10T08:0${minute}:00.000Z`));
      }
      const found = await it_.store.query({
        since: '2025-03-10T08:01:00.000Z',
        until: '2025-03-10T08:03:00.000Z',
      });
      assert.deepEqual(
        found.map((event) => event.at),
        ['2025-03-10T08:01:00.000Z', '2025-03-10T08:02:00.000Z'],
      );
      assert.equal((await it_.store.query({ caseId: 'c1', limit: 3 })).length, 3);
      assert.equal((await it_.store.query({ caseId: 'c2' })).length, 0);
    });
  });
}

/** A case store and the audit log its `saveWithEvents` appends to, on one backend. */
export interface CaseJournal {
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
}

async function eventsOf(audit: ReadableAuditLog, caseId: string): Promise<AuditEvent['type'][]> {
  return (await audit.query({ caseId })).map((event) => event.type);
}

/**
 * `saveWithEvents`: the case and its audit events land together or not at all. `failingEvent`, where the
 * backend can be made to refuse an audit event part-way, returns one it will refuse.
 */
export function caseJournalContract(
  fresh: Fresh<CaseJournal>,
  failingEvent?: (caseId: string, at: string) => AuditEvent,
): void {
  const it_ = using(fresh);
  const created = '2025-03-10T08:00:00.000Z';

  describe('when a case is saved with its audit events', () => {
    it('reads back the case with the returned eTag, and the events in order', async () => {
      const { cases, audit } = it_.store;
      const record = caseRecord('c1', created);
      const etag = await cases.saveWithEvents(record, [auditEvent('c1', created)]);
      const changed = caseRecord('c1', created, { codesSent: 1 });
      const next = await cases.saveWithEvents(
        changed,
        [
          auditEvent('c1', '2025-03-10T08:01:00.000Z', 'account-entered'),
          auditEvent('c1', '2025-03-10T08:01:00.001Z', 'code-sent'),
        ],
        etag,
      );
      assert.deepEqual(await cases.get('c1'), { value: changed, etag: next });
      assert.deepEqual(await eventsOf(audit, 'c1'), ['started', 'account-entered', 'code-sent']);
    });
  });

  describe('when the case was changed by someone else since it was read', () => {
    it('refuses with ConflictError and appends none of the events', async () => {
      const { cases, audit } = it_.store;
      const stale = await cases.saveWithEvents(caseRecord('c1', created), [auditEvent('c1', created)]);
      const fresher = await cases.save(caseRecord('c1', created, { codesSent: 1 }), stale);
      await assert.rejects(
        cases.saveWithEvents(
          caseRecord('c1', created, { outcome: 'unlocked' }),
          [auditEvent('c1', '2025-03-10T08:02:00.000Z', 'outcome')],
          stale,
        ),
        ConflictError,
      );
      await assert.rejects(
        cases.saveWithEvents(caseRecord('c1', created), [auditEvent('c1', created, 'code-wrong')]),
        ConflictError,
      );
      assert.equal((await cases.get('c1'))?.etag, fresher);
      assert.deepEqual(await eventsOf(audit, 'c1'), ['started']);
    });
  });

  if (failingEvent) {
    describe('when an audit event of the change cannot be written', () => {
      it('leaves the case as it was: neither lands', async () => {
        const { cases, audit } = it_.store;
        const etag = await cases.saveWithEvents(caseRecord('c1', created), [auditEvent('c1', created)]);
        await assert.rejects(
          cases.saveWithEvents(
            caseRecord('c1', created, { outcome: 'unlocked' }),
            [
              auditEvent('c1', '2025-03-10T08:02:00.000Z', 'choice-made'),
              failingEvent('c1', '2025-03-10T08:02:00.001Z'),
            ],
            etag,
          ),
        );
        assert.deepEqual(await cases.get('c1'), { value: caseRecord('c1', created), etag });
        assert.deepEqual(await eventsOf(audit, 'c1'), ['started']);
        // Still writable with the eTag it had: nothing half-done holds it.
        await cases.saveWithEvents(caseRecord('c1', created, { outcome: 'unlocked' }), [], etag);
      });
    });
  }
}

export function activity(conversationId: string, n: number, start = Date.parse('2025-03-10T08:00:00.000Z')) {
  return {
    type: 'message',
    id: `${conversationId}-${n}`,
    channelId: 'msteams',
    conversation: { id: conversationId },
    from: { id: 'user', name: 'Anna' },
    recipient: { id: 'bot' },
    text: `message ${n}`,
    timestamp: new Date(start + n * 1000),
  } as Partial<Activity> as Activity;
}

export function transcriptStoreContract(fresh: Fresh<TranscriptStore>): void {
  const it_ = using(fresh);

  async function allActivities(conversationId: string, startDate?: Date): Promise<Activity[]> {
    const all: Activity[] = [];
    let token: string | undefined;
    do {
      const page = await it_.store.getTranscriptActivities('msteams', conversationId, token, startDate);
      all.push(...page.items);
      token = page.continuationToken || undefined;
    } while (token);
    return all;
  }

  describe('when more activities than a page are logged', () => {
    it('pages through all of them in order, with Date timestamps', async () => {
      for (let n = 0; n < 45; n++) await it_.store.logActivity(activity('conv-a', n));
      await it_.store.logActivity(activity('conv-b', 0));
      const got = await allActivities('conv-a');
      assert.equal(got.length, 45);
      assert.deepEqual(
        got.map((item) => item.text),
        Array.from({ length: 45 }, (_, n) => `message ${n}`),
      );
      assert.ok(got[0]!.timestamp instanceof Date);
      assert.equal(got[0]!.timestamp.getTime(), activity('conv-a', 0).timestamp!.getTime());
    });
  });

  describe('when read from a start date', () => {
    it('leaves out earlier activities', async () => {
      for (let n = 0; n < 5; n++) await it_.store.logActivity(activity('conv-a', n));
      const from = activity('conv-a', 3).timestamp!;
      assert.deepEqual(
        (await allActivities('conv-a', from)).map((item) => item.text),
        ['message 3', 'message 4'],
      );
    });
  });

  describe('when transcripts are listed and one deleted', () => {
    it('lists each conversation once and forgets the deleted one', async () => {
      for (const id of ['conv-a', 'conv-b']) {
        for (let n = 0; n < 3; n++) await it_.store.logActivity(activity(id, n));
      }
      const listed = await it_.store.listTranscripts('msteams');
      assert.deepEqual(listed.items.map((info) => info.id).sort(), ['conv-a', 'conv-b']);
      assert.ok(listed.items[0]!.created instanceof Date);
      await it_.store.deleteTranscript('msteams', 'conv-a');
      assert.deepEqual(
        (await it_.store.listTranscripts('msteams')).items.map((info) => info.id),
        ['conv-b'],
      );
      assert.deepEqual(await allActivities('conv-a'), []);
    });
  });
}
