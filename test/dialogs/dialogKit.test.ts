import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration';
import sinon from 'sinon';
import { DialogMemoryScopes, DialogSet } from '../../src/dialogs/dialogKit';
import { modulesLoadedByEntryPoint } from '../support/loadedModules';

function turn(text: string): TurnContext {
  const activity: Partial<Activity> = {
    type: 'message',
    text,
    channelId: 'test',
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
    from: { id: 'user', name: 'Anna' },
    recipient: { id: 'bot', name: 'Bot' },
  };
  return new TurnContext(new TestAdapter(), activity);
}

describe('DialogMemoryScopes', () => {
  afterEach(() => sinon.restore());

  describe('when dialog contexts are created on two turns', () => {
    it('builds the memory scopes once, and no turn sees the memory of the other', () => {
      const scopes = new DialogMemoryScopes();
      const built = sinon.spy(DialogsComponentRegistration.prototype, 'getMemoryScopes');

      const first = turn('hej');
      scopes.useFor(first);
      const firstDc = new DialogContext(new DialogSet(), first, { dialogStack: [] });
      firstDc.state.setValue('turn.answer', 'first');

      const second = turn('igen');
      scopes.useFor(second);
      const secondDc = new DialogContext(new DialogSet(), second, { dialogStack: [] });

      assert.equal(built.callCount, 0);
      assert.equal(firstDc.state.getValue('turn.answer'), 'first');
      assert.equal(secondDc.state.getValue('turn.answer'), undefined);
      assert.equal(secondDc.state.getValue<string>('turn.activity.text'), 'igen');
    });
  });
});

describe('the dialog classes the bot loads', function () {
  this.timeout(30_000);

  describe('when the composition root is loaded in a fresh process', () => {
    it('loads no prompt, choice recognizer or recognizers-text suite (≈ 1 s of startup otherwise)', () => {
      const unwanted = modulesLoadedByEntryPoint().filter((file) =>
        /botbuilder-dialogs[\\/]lib[\\/](prompts|choices)[\\/]|recognizers-text/.test(file),
      );

      assert.deepEqual(unwanted, []);
    });
  });
});
