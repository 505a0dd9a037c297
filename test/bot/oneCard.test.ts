import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { visibleText, type Turn } from '../support/teamsUser';

/** Every Input.Text on a card, with whatever value it carries. */
function inputsOf(activity: Partial<Activity> | undefined): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Input.Text') found.push(record);
    Object.values(record).forEach(visit);
  };
  for (const attachment of activity?.attachments ?? []) visit(attachment.content);
  return found;
}

function assertOneUpdateOf(turn: Turn, cardId: string | undefined): void {
  assert.equal(turn.connectorCalls, 1, 'a press is answered with exactly one connector call');
  assert.equal(turn.replies.length, 1);
  assert.equal(turn.replies[0]!.id, cardId, 'the pressed card itself is updated');
}

describe('one card per case (DESIGN.md §2)', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot();
  });

  afterEach(async () => {
    await bot.stop();
  });

  describe('when Anna unlocks with presses only', () => {
    it('answers each press by updating the pressed card: five connector calls for the whole reset', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const welcome = await anna.say('hej');
      assert.equal(welcome.connectorCalls, 1);
      const cardId = welcome.replies[0]!.id;

      const code = await anna.submit('account.own');
      assertOneUpdateOf(code, cardId);
      assert.match(code.text, /✓ \nAnvändarnamn: anna\.svensson/);
      assert.match(code.text, /slutar på ••05/);

      const choice = await anna.submit('code.submit', { code: bot.sms.latestCode() });
      assertOneUpdateOf(choice, cardId);
      assert.match(choice.text, /Koden stämde/);

      const done = await anna.submit('choice.unlock');
      assertOneUpdateOf(done, cardId);
      assert.match(done.text, /Ditt konto är nu upplåst\./);
      assert.match(done.text, /Slutför/);

      const finished = await anna.submit('done.finish');
      assertOneUpdateOf(finished, cardId);

      const calls = bot.connector.calls.filter((call) => call.conversationId === anna.conversationId);
      assert.equal(calls.length, 5, 'connector calls per unlock-only reset');
      assert.equal(bot.connector.sent(anna.conversationId).length, 1, 'one card for the whole case');

      const last = visibleText(bot.connector.shown.get(cardId!)!);
      for (const line of ['Användarnamn: anna.svensson', 'Koden stämde', 'Ditt konto är nu upplåst.']) {
        assert.ok(last.includes(line), `the finished card keeps "${line}"`);
      }
      assert.match(last, /mejlappen/, 'the tips against an immediate relock stay on screen');
      assert.match(last, /logga in/);
      assert.deepEqual(inputsOf(bot.connector.shown.get(cardId!)), []);
      assert.doesNotMatch(last, /Slutför|Nästa/, 'nothing left to press');
    });
  });

  describe('when a press is not accepted', () => {
    it('says why inside the same card, and nothing typed stays on it', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const cardId = (await anna.say('hej')).replies[0]!.id;
      await anna.submit('account.own');
      const wrongCode = bot.sms.latestCode() === '000000' ? '111111' : '000000';
      const wrong = await anna.submit('code.submit', { code: wrongCode });
      assertOneUpdateOf(wrong, cardId);
      assert.match(wrong.text, /Koden stämmer inte\. Du har 2 försök kvar\./);
      assert.ok(!JSON.stringify(wrong.replies).includes(wrongCode), 'the typed code is gone');
      assert.ok(inputsOf(wrong.replies[0]).every((input) => input['value'] === undefined));

      const resent = await anna.submit('code.resend');
      assertOneUpdateOf(resent, cardId);
      assert.match(resent.text, /Vänta \d+ sekunder/);

      await anna.submit('code.submit', { code: bot.sms.latestCode() });
      await anna.submit('choice.newPassword');
      const weak = await anna.submit('password.submit', { newPassword: 'Blåbär', repeatPassword: 'Blåbär' });
      assertOneUpdateOf(weak, cardId);
      assert.match(weak.text, /kortare än 8 tecken/);
      assert.match(weak.text, /siffra/);
      assert.match(weak.text, /å, ä eller ö/);
      assert.doesNotMatch(
        weak.text,
        /Lösenordet skickat|lösenord sparat/i,
        'no line claims more than happened',
      );
      assert.ok(!JSON.stringify(weak.replies).includes('Blåbär'), 'the password is gone from the card');

      const set = await anna.submit('password.submit', {
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      });
      assertOneUpdateOf(set, cardId);
      assert.match(set.text, /Nytt lösenord sparat/);
      assert.match(set.text, /lösenord är bytt/);
    });
  });

  describe('when the user types the answer instead of pressing', () => {
    it('turns the open card into its summary and posts the next card below the typed text', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const cardId = (await anna.say('hej')).replies[0]!.id;
      const typed = await anna.say('anna.svensson');
      assert.equal(typed.connectorCalls, 2);
      const [summary, next] = typed.replies;
      assert.equal(summary!.id, cardId);
      assert.match(visibleText(summary!), /Du svarade i chatten nedanför/);
      assert.deepEqual(inputsOf(summary), [], 'the open card is no longer live');
      assert.notEqual(next!.id, cardId);
      assert.match(visibleText(next!), /Användarnamn: anna\.svensson/);

      const choice = await anna.say(bot.sms.latestCode());
      assert.doesNotMatch(
        visibleText(choice.replies[0]!),
        /Koden stämde/,
        'the card above the typed code does not claim it was right',
      );
      assert.match(visibleText(choice.replies[1]!), /Koden stämde/);
    });
  });

  describe('when the pressed card cannot be updated (deleted: 404)', () => {
    it('posts the next card instead and the case goes on', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const cardId = (await anna.say('hej')).replies[0]!.id!;
      bot.connector.shown.delete(cardId);
      const code = await anna.submit('account.own');
      assert.equal(code.connectorCalls, 2, 'the failed update, then the post');
      assert.notEqual(code.replies.at(-1)!.id, cardId);
      assert.match(code.text, /slutar på ••05/);

      const choice = await anna.submit('code.submit', { code: bot.sms.latestCode() });
      assertOneUpdateOf(choice, code.replies.at(-1)!.id);
      assert.match(choice.text, /Vad vill du göra\?/);
    });
  });

  describe('when the case is cancelled from its card', () => {
    it('says so on the card and starts a new case from its Börja om', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const cardId = (await anna.say('hej')).replies[0]!.id;
      await anna.submit('account.own');
      const cancelled = await anna.submit('cancel');
      assertOneUpdateOf(cancelled, cardId);
      assert.match(cancelled.text, /Avbrutet\. Inget har ändrats\./);
      assert.match(cancelled.text, /Användarnamn: anna\.svensson/);

      const again = await anna.submit('restart');
      assert.equal(again.connectorCalls, 1);
      assert.notEqual(again.replies[0]!.id, cardId, 'the cancelled card stays as the record of that case');
      assert.match(again.text, /Har du problem att logga in\?/);
      assert.equal((await bot.app.cases.list()).length, 2);
    });
  });
});
