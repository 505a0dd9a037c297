import assert from 'node:assert/strict';
import sinon from 'sinon';
import { ConflictError } from '../../src/reset/errors';
import { TurnCases } from '../../src/reset/turnCases';
import { MemoryCaseStore } from '../../src/storage/memory/caseStore';
import { caseRecord } from '../storage/contracts';

const created = '2025-03-10T08:00:00.000Z';

describe('TurnCases', () => {
  let store: MemoryCaseStore;
  let cases: TurnCases;
  let reads: sinon.SinonSpy;

  beforeEach(async () => {
    store = new MemoryCaseStore();
    await store.save(caseRecord('c1', created));
    cases = new TurnCases(store);
    reads = sinon.spy(store, 'get');
  });

  afterEach(() => sinon.restore());

  describe('when one turn reads a case several times', () => {
    it('reads the store once, and every read outside a turn goes to the store', async () => {
      await cases.within(async () => {
        const first = await cases.get('c1');
        const second = await cases.get('c1');
        assert.deepEqual(second, first);
      });
      assert.equal(reads.callCount, 1);
      await cases.get('c1');
      await cases.get('c1');
      assert.equal(reads.callCount, 3);
    });
  });

  describe('when a turn saved the case', () => {
    it('reads back what it saved, with the new eTag, without asking the store', async () => {
      await cases.within(async () => {
        const read = await cases.get('c1');
        const etag = await cases.saveWithEvents(caseRecord('c1', created, { codesSent: 1 }), [], read?.etag);
        assert.deepEqual(await cases.get('c1'), { value: caseRecord('c1', created, { codesSent: 1 }), etag });
      });
      assert.equal(reads.callCount, 1);
    });
  });

  describe('when the next turn starts', () => {
    it('reads the store again, so it sees what another instance wrote meanwhile', async () => {
      await cases.within(() => cases.get('c1'));
      const current = await store.get('c1');
      await store.save(caseRecord('c1', created, { outcome: 'unlocked' }), current?.etag);
      const seen = await cases.within(() => cases.get('c1'));
      assert.equal(seen?.value.outcome, 'unlocked');
    });
  });

  describe('when work of an earlier turn saves the case while a turn runs on this instance', () => {
    it('hands the running turn the new version, so its own save does not conflict', async () => {
      let release!: () => void;
      const later = new Promise<void>((resolve) => (release = resolve));
      // An earlier turn whose work (a code being sent) runs on after its answer.
      const earlier = cases.within(async () => {
        const read = await cases.get('c1');
        await later;
        await cases.saveWithEvents(caseRecord('c1', created, { codesSent: 1 }), [], read?.etag);
      });
      await cases.within(async () => {
        await cases.get('c1');
        release();
        await earlier;
        const read = await cases.get('c1');
        assert.equal(read?.value.codesSent, 1);
        await cases.saveWithEvents(caseRecord('c1', created, { codesSent: 2 }), [], read?.etag);
      });
      assert.equal((await store.get('c1'))?.value.codesSent, 2);
    });
  });

  describe('when a save meets a write it had not seen', () => {
    it('refuses with ConflictError and reads the store again next time', async () => {
      await cases.within(async () => {
        const read = await cases.get('c1');
        await store.save(caseRecord('c1', created, { codesSent: 5 }), read?.etag);
        await assert.rejects(cases.save(caseRecord('c1', created), read?.etag), ConflictError);
        assert.equal((await cases.get('c1'))?.value.codesSent, 5);
      });
      assert.equal(reads.callCount, 2);
    });
  });
});
