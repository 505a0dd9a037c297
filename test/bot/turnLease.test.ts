import assert from 'node:assert/strict';
import { ConversationState, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createTurnErrorHandler } from '../../src/bot/adapter';
import { TurnLease } from '../../src/bot/turnLease';
import type { LeaseRecord } from '../../src/reset/lease';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { FirstWriteCreateOnly } from '../../src/storage/createOnlyStorage';
import { CreateOnlyMemoryStorage } from '../support/createOnlyMemoryStorage';
import { eventually } from '../support/eventually';
import { memoryLogger } from '../support/memoryLog';

const CONVERSATION = 'a:personal-chat';

/** A turn of one conversation on one instance, with what it sent. */
function turn(id: string): { context: TurnContext; sent: Partial<Activity>[] } {
  const sent: Partial<Activity>[] = [];
  const context = new TurnContext(new TestAdapter(), {
    type: 'message',
    id,
    text: 'hej',
    channelId: 'msteams',
    locale: 'en-US',
    conversation: { id: CONVERSATION } as Activity['conversation'],
    from: { id: '29:user-1', name: 'Anna' },
    recipient: { id: '28:bot', name: 'Bot' },
  });
  context.onSendActivities(async (_context, activities, next) => {
    sent.push(...activities);
    return next();
  });
  return { context, sent };
}

/** One TurnLease per instance, each with its own record store, on one shared create-only store. */
function instances(count: number, options: ConstructorParameters<typeof TurnLease>[2] = {}): TurnLease[] {
  const shared = new CreateOnlyMemoryStorage();
  return Array.from(
    { length: count },
    () =>
      new TurnLease(new BotStorageRecordStore<LeaseRecord>(shared, 'turns'), memoryLogger().logger, options),
  );
}

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('TurnLease (one turn at a time per conversation across instances)', () => {
  describe('when two instances get turns of one conversation at once', () => {
    it('runs the second only after the first has ended', async () => {
      const [first, second] = instances(2);
      const order: string[] = [];
      const firstMayEnd = gate();

      const a = first!.onTurn(turn('a').context, async () => {
        order.push('a starts');
        await firstMayEnd.promise;
        order.push('a ends');
      });
      await eventually(() => order.length === 1, 'the first turn to start');
      const b = second!.onTurn(turn('b').context, () => {
        order.push('b runs');
        return Promise.resolve();
      });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(order, ['a starts'], 'the second waits');
      firstMayEnd.open();
      await Promise.all([a, b]);

      assert.deepEqual(order, ['a starts', 'a ends', 'b runs']);
    });
  });

  describe('when the other turn outlasts the wait', () => {
    it('answers "one moment" and does not run beside it', async () => {
      const [first, second] = instances(2, { waitMs: 200 });
      const firstMayEnd = gate();
      let started = false;
      const a = first!.onTurn(turn('a').context, async () => {
        started = true;
        await firstMayEnd.promise;
      });
      await eventually(() => started, 'the first turn to start');

      const waiting = turn('b');
      let ran = false;
      await second!.onTurn(waiting.context, () => {
        ran = true;
        return Promise.resolve();
      });
      firstMayEnd.open();
      await a;

      assert.equal(ran, false);
      assert.match(String(waiting.sent[0]?.text), /One moment/);
    });

    it('stays silent when the activity was handled meanwhile (the same delivery on two instances)', async () => {
      const [first, second] = instances(2, { waitMs: 200, alreadyHandled: () => Promise.resolve(true) });
      const firstMayEnd = gate();
      let started = false;
      const a = first!.onTurn(turn('a').context, async () => {
        started = true;
        await firstMayEnd.promise;
      });
      await eventually(() => started, 'the first turn to start');

      const waiting = turn('a');
      await second!.onTurn(waiting.context, () => Promise.resolve());
      firstMayEnd.open();
      await a;

      assert.deepEqual(waiting.sent, []);
    });
  });

  describe('when the bot speaks first (a notice) while a turn of the chat runs', () => {
    it('sends at once instead of waiting for the lease', async () => {
      const [instance] = instances(1);
      const turnMayEnd = gate();
      let started = false;
      const running = instance!.onTurn(turn('a').context, async () => {
        started = true;
        await turnMayEnd.promise;
      });
      await eventually(() => started, 'the turn to start');
      const proactive = turn('b').context;
      proactive.activity.type = 'event';
      proactive.activity.name = 'ContinueConversation';

      let sent = false;
      await instance!.onTurn(proactive, () => {
        sent = true;
        return Promise.resolve();
      });
      turnMayEnd.open();
      await running;

      assert.equal(sent, true);
    });
  });

  describe('when the instance holding the lease died', () => {
    it('lets the next turn run once the lease has lapsed', async () => {
      const shared = new CreateOnlyMemoryStorage();
      const store = new BotStorageRecordStore<LeaseRecord>(shared, 'turns');
      // A lease taken by an instance that never renewed nor released it.
      await store.put(`msteams/${CONVERSATION}`, {
        holder: 'killed-instance',
        until: new Date(Date.now() + 300).toISOString(),
      });
      const survivor = new TurnLease(store, memoryLogger().logger, { waitMs: 3000 });

      let ran = false;
      await survivor.onTurn(turn('b').context, () => {
        ran = true;
        return Promise.resolve();
      });

      assert.equal(ran, true);
    });
  });
});

describe('FirstWriteCreateOnly (a conversation state created on two instances at once)', () => {
  describe('when the first state is written without an eTag', () => {
    it('creates it once and refuses the second creation as an eTag conflict', async () => {
      const storage = new FirstWriteCreateOnly(new CreateOnlyMemoryStorage());

      await storage.write({ 'conversation/1': { dialog: 'from instance 1' } });
      await assert.rejects(
        storage.write({ 'conversation/1': { dialog: 'from instance 2' } }),
        /due to eTag conflict/,
      );

      const read = await storage.read(['conversation/1']);
      assert.equal((read['conversation/1'] as { dialog: string }).dialog, 'from instance 1');
    });

    it('passes writes with an eTag through as they are', async () => {
      const storage = new FirstWriteCreateOnly(new CreateOnlyMemoryStorage());
      await storage.write({ 'conversation/1': { step: 1 } });
      const { eTag } = (await storage.read(['conversation/1']))['conversation/1'] as { eTag: string };

      await storage.write({ 'conversation/1': { step: 2, eTag } });
      await assert.rejects(storage.write({ 'conversation/1': { step: 3, eTag } }), /eTag conflict/);
    });
  });
});

describe('the turn error handler (a turn that lost a race for the state, or met the store down)', () => {
  async function stateAfter(error: Error): Promise<{ sent: string; state: unknown }> {
    const storage = new CreateOnlyMemoryStorage();
    const conversationState = new ConversationState(storage);
    const step = conversationState.createProperty<string>('step');
    const { context, sent } = turn('x');
    await step.set(context, 'code');
    await conversationState.saveChanges(context);

    await createTurnErrorHandler('0142-36 6000', memoryLogger().logger, conversationState)(context, error);

    const reread = turn('y').context;
    return { sent: String(sent[0]?.text), state: await step.get(reread) };
  }

  describe('when another instance wrote the state first', () => {
    it('says "one moment" and keeps the state', async () => {
      const { sent, state } = await stateAfter(new Error('Storage: error writing "k" due to eTag conflict.'));
      assert.match(sent, /One moment/);
      assert.equal(state, 'code');
    });
  });

  describe('when the store cannot be reached', () => {
    it('says something went wrong and keeps the state', async () => {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:10000'), {
        code: 'ECONNREFUSED',
      });
      const { sent, state } = await stateAfter(refused);
      assert.match(sent, /Something went wrong on our side/);
      assert.equal(state, 'code');
    });
  });

  describe('when anything else failed', () => {
    it('starts the conversation afresh, as before', async () => {
      const { sent, state } = await stateAfter(new Error('a bug'));
      assert.match(sent, /Something went wrong on our side/);
      assert.equal(state, undefined);
    });
  });
});
