import assert from 'node:assert/strict';
import { MemoryTranscriptStore, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { REDACTED } from '../../src/bot/activityRedaction';
import { RedactingTranscriptMiddleware } from '../../src/bot/redactingTranscriptMiddleware';
import { memoryLogger } from '../support/memoryLog';

describe('RedactingTranscriptMiddleware', () => {
  describe('when a turn is logged without a step known (no dialog ran)', () => {
    it('writes the redacted copy and leaves the turn’s own activity untouched', async () => {
      const store = new MemoryTranscriptStore();
      const middleware = new RedactingTranscriptMiddleware(store, memoryLogger().logger);
      const incoming = {
        type: 'message',
        id: 'a1',
        text: '123456',
        value: { verb: 'code.submit', code: '654321' },
        timestamp: new Date('2025-03-10T08:00:00Z'),
        channelId: 'msteams',
        conversation: { id: 'c1' },
        from: { id: '29:anna' },
        recipient: { id: '28:bot' },
      } as unknown as Activity;
      const context = new TurnContext(new TestAdapter(), incoming);

      await middleware.onTurn(context, () => Promise.resolve());
      await new Promise((resolve) => setImmediate(resolve));

      assert.equal(context.activity.text, '123456');
      assert.equal((context.activity.value as { code: string }).code, '654321');
      const [logged] = (await store.getTranscriptActivities('msteams', 'c1')).items;
      assert.equal(logged?.text, REDACTED);
      assert.equal(JSON.stringify(logged).includes('654321'), false);
    });
  });

  describe('when the incoming activity carries its timestamp as the JSON string Teams sent', () => {
    it('stores every entry with a Date, so a store can filter and sort them by time', async () => {
      const store = new MemoryTranscriptStore();
      const middleware = new RedactingTranscriptMiddleware(store, memoryLogger().logger);
      const incoming = {
        type: 'message',
        id: 'a1',
        text: 'hej',
        timestamp: '2026-12-08T00:08:31.627Z',
        channelId: 'msteams',
        conversation: { id: 'c1' },
        from: { id: '29:anna' },
        recipient: { id: '28:bot' },
        serviceUrl: 'https://smba.example',
      } as unknown as Activity;
      const adapter = new TestAdapter();
      const context = new TurnContext(adapter, incoming);

      await middleware.onTurn(context, async () => {
        await context.sendActivity('Hej!');
      });
      await new Promise((resolve) => setImmediate(resolve));

      // botbuilder's memory store compares `timestamp >= startDate` and sorts with `getTime()`.
      const page = await store.getTranscriptActivities('msteams', 'c1', undefined, new Date('2026-12-08'));
      assert.deepEqual(
        page.items.map((item) => [item.text, item.timestamp instanceof Date]),
        [
          ['hej', true],
          ['Hej!', true],
        ],
      );
      assert.equal((page.items[0]!.timestamp as Date).toISOString(), '2026-12-08T00:08:31.627Z');
    });
  });

  describe('when every turn updates the same card (one card per case)', () => {
    it('stores each update as an entry of its own, so paging by id returns every entry once', async () => {
      const store = new MemoryTranscriptStore();
      const middleware = new RedactingTranscriptMiddleware(store, memoryLogger().logger);
      const turns = 25; // more than one of the memory store's pages (20)
      for (let turn = 0; turn < turns; turn++) {
        const incoming = {
          type: 'message',
          id: `in${turn}`,
          value: { verb: 'code.submit' },
          replyToId: 'card1',
          timestamp: new Date(Date.UTC(2026, 11, 8, 8, 0, turn)),
          channelId: 'msteams',
          conversation: { id: 'c1' },
          from: { id: '29:anna' },
          recipient: { id: '28:bot' },
          serviceUrl: 'https://smba.example',
        } as unknown as Activity;
        const context = new TurnContext(new TestAdapter(), incoming);
        await middleware.onTurn(context, async () => {
          await context.updateActivity({ id: 'card1', type: 'message', text: `step ${turn}` });
        });
      }
      await new Promise((resolve) => setImmediate(resolve));

      const ids: string[] = [];
      let continuation: string | undefined;
      do {
        const page = await store.getTranscriptActivities('msteams', 'c1', continuation, new Date(0));
        ids.push(...page.items.map((item) => item.id!));
        continuation = page.continuationToken || undefined;
      } while (continuation !== undefined && ids.length < 200);

      assert.equal(ids.length, turns * 2);
      assert.equal(new Set(ids).size, turns * 2);
      const updates = (await store.getTranscriptActivities('msteams', 'c1')).items.filter(
        (item) => item.type === 'messageUpdate',
      );
      assert.ok(updates.every((update) => update.replyToId === 'card1'));
    });
  });
});
