import assert from 'node:assert/strict';
import { MemoryStorage, TestAdapter, TurnContext, type Activity, type StoreItem } from 'botbuilder';
import sinon from 'sinon';
import { StateReadAhead } from '../../src/bot/stateReadAhead';
import { CreateOnlyMemoryStorage } from '../support/createOnlyMemoryStorage';

const context = () =>
  new TurnContext(new TestAdapter(), {
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    conversation: { id: 'c1' },
    from: { id: '29:anna' },
    recipient: { id: '28:bot' },
  } as Partial<Activity>);

describe('StateReadAhead', () => {
  afterEach(() => sinon.restore());

  describe('when a turn reads the keys it is sure to read', () => {
    it('reads them in one call at the start, serves each once, then asks the store', async () => {
      const storage = new MemoryStorage();
      await storage.write({ 'state/c1': { step: 1 }, 'seen/c1': { ids: ['x'] } });
      const reads = sinon.spy(storage, 'read');
      const ahead = new StateReadAhead(storage, [() => 'state/c1', () => 'seen/c1']);

      await ahead.onTurn(context(), async () => {
        const state = await ahead.read(['state/c1']);
        const seen = await ahead.read(['seen/c1']);
        assert.equal((state['state/c1'] as StoreItem)['step'], 1);
        assert.deepEqual((seen['seen/c1'] as StoreItem)['ids'], ['x']);
        assert.equal(reads.callCount, 1, 'one read for both keys');
        await ahead.read(['seen/c1']);
        assert.equal(reads.callCount, 2, 'a second read (a retry) goes to the store');
      });
      assert.deepEqual(reads.firstCall.args[0], ['state/c1', 'seen/c1']);
    });
  });

  describe('when the turn writes a key before reading it', () => {
    it('reads the key from the store, not the stale copy', async () => {
      const storage = new MemoryStorage();
      await storage.write({ 'state/c1': { step: 1 } });
      const ahead = new StateReadAhead(storage, [() => 'state/c1']);

      await ahead.onTurn(context(), async () => {
        await ahead.write({ 'state/c1': { step: 2, eTag: '*' } });
        const read = await ahead.read(['state/c1']);
        assert.equal((read['state/c1'] as StoreItem)['step'], 2);
      });
    });
  });

  describe('when a key is read outside a turn', () => {
    it('goes to the store', async () => {
      const storage = new MemoryStorage();
      const reads = sinon.spy(storage, 'read');
      const ahead = new StateReadAhead(storage, [() => 'state/c1']);
      await ahead.read(['state/c1']);
      assert.equal(reads.callCount, 1);
    });
  });

  describe('when the store has a create-only write', () => {
    it('offers it too, and only then', () => {
      assert.equal(typeof new StateReadAhead(new CreateOnlyMemoryStorage(), []).createIfAbsent, 'function');
      assert.equal(new StateReadAhead(new MemoryStorage(), []).createIfAbsent, undefined);
    });
  });
});
