import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import sinon from 'sinon';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { visibleText } from '../support/teamsUser';

const CECILIA_AAD_OBJECT_ID = 'd856c0d2-b531-4919-97d3-da4a991d6664';
const SEED_KEEP = 'Behåll ditt nuvarande lösenord och lås upp ditt konto';
const SEED_NEW = 'Ange ett nytt lösenord och lås upp ditt konto';

function passwordInputs(activity: Partial<Activity> | undefined): { id: string; style?: string }[] {
  const inputs: { id: string; style?: string }[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['type'] === 'Input.Text') inputs.push(record as unknown as { id: string; style?: string });
    Object.values(record).forEach(visit);
  };
  for (const attachment of activity?.attachments ?? []) visit(attachment.content);
  return inputs;
}

describe('the reset conversation over HTTP', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot();
  });

  afterEach(async () => {
    sinon.restore();
    await bot.stop();
  });

  describe('when Anna, locked out, unlocks her own account from Teams (replies to serviceUrl)', () => {
    it('offers her account, sends a code, unlocks and says Slutför', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      const directory = bot.app.directory;
      const calls = {
        findByAadObjectId: sinon.spy(directory, 'findByAadObjectId'),
        findByUsername: sinon.spy(directory, 'findByUsername'),
        unlock: sinon.spy(directory, 'unlock'),
      };

      const welcome = await anna.say('hej');
      assert.equal(welcome.status, 200);
      assert.match(welcome.text, /Har du problem att logga in\?/);
      assert.match(welcome.text, /Det gäller mitt konto \(anna\.svensson\)/);

      const code = await anna.submit('account.own');
      assert.match(code.text, /slutar på ••05/);
      assert.equal(bot.sms.received.length, 1);
      assert.equal(bot.sms.received[0]!.to, '+46701740605');
      assert.equal(bot.connector.updates(anna.conversationId).length, 1, 'the answered card is replaced');

      const choice = await anna.say(bot.sms.latestCode());
      assert.ok(choice.text.includes(SEED_KEEP));
      assert.ok(choice.text.includes(SEED_NEW));

      const done = await anna.submit('choice.unlock');
      assert.match(done.text, /Ditt konto är nu upplåst\./);
      assert.match(done.text, /Slutför/);
      assert.deepEqual(
        Object.fromEntries(Object.entries(calls).map(([name, spy]) => [name, spy.callCount])),
        { findByAadObjectId: 1, findByUsername: 0, unlock: 1 },
        'one lookup (the offer, reused when tapped) and one write per reset',
      );
      assert.equal((await bot.app.directory.findByUsername('anna.svensson'))?.locked, false);

      const finished = await anna.submit('done.finish');
      assert.match(finished.text, /logga in/);
      const [record] = await bot.app.cases.list();
      assert.equal(record?.outcome, 'unlocked');
      assert.equal(record?.ownAccount, true);
      assert.equal(record?.platform, 'android');
    });
  });

  describe('when a user sets a new password (deliveryMode expectReplies)', () => {
    it('survives a wrong code and rejected passwords without a new SMS, then changes the password', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, deliveryMode: 'expectReplies' });
      await anna.say('Hej!');
      await anna.say('anna.svensson');

      const wrong = await anna.say('000000' === bot.sms.latestCode() ? '111111' : '000000');
      assert.match(wrong.text, /Koden stämmer inte\. Du har 2 försök kvar\./);

      await anna.say(bot.sms.latestCode());
      const passwordCard = await anna.submit('choice.newPassword');
      const inputs = passwordInputs(passwordCard.replies.at(-1));
      assert.deepEqual(
        inputs.map((input) => [input.id, input.style]),
        [
          ['newPassword', 'password'],
          ['repeatPassword', 'password'],
        ],
      );

      const weak = await anna.submit('password.submit', { newPassword: 'kort', repeatPassword: 'kort' });
      assert.match(weak.text, /kortare än 8 tecken/);
      assert.match(weak.text, /stor bokstav/);
      assert.match(weak.text, /siffra/);

      const swedish = await anna.submit('password.submit', {
        newPassword: 'Blåbär2024',
        repeatPassword: 'Blåbär2024',
      });
      assert.match(swedish.text, /å, ä eller ö/);

      const reused = await anna.submit('password.submit', {
        newPassword: 'Sommar2024',
        repeatPassword: 'Sommar2024',
      });
      assert.match(reused.text, /haft det lösenordet tidigare/);

      const done = await anna.submit('password.submit', {
        newPassword: 'Kanelbulle42',
        repeatPassword: 'Kanelbulle42',
      });
      assert.match(done.text, /Ditt konto är nu upplåst och ditt lösenord är bytt\./);
      assert.equal(bot.sms.received.length, 1, 'one SMS for the whole case');
      const [record] = await bot.app.cases.list();
      assert.equal(record?.outcome, 'password-set');
    });
  });

  describe('when the account has no registered mobile number', () => {
    it('gives the guide’s service-desk guidance to the account owner', async () => {
      const cecilia = bot.user({ aadObjectId: CECILIA_AAD_OBJECT_ID, name: 'Cecilia Ceder' });
      await cecilia.say('hej');
      const turn = await cecilia.submit('account.own');
      assert.match(turn.text, /inget mobilnummer registrerat/);
      assert.match(turn.text, /Servicedesk, tel\. 0142-36 6000/);
      assert.equal(bot.sms.received.length, 0);
    });
  });

  describe('when someone asks about an account that does not exist, or is not theirs', () => {
    it('answers both the same way and sends no SMS for the unknown one', async () => {
      const stranger = bot.user({ aadObjectId: CECILIA_AAD_OBJECT_ID });
      await stranger.say('hej');
      const unknown = await stranger.say('nobody.here');

      const other = bot.user({ aadObjectId: CECILIA_AAD_OBJECT_ID });
      await other.say('hej');
      const existing = await other.say('bertil.berg');

      assert.match(unknown.text, /Om kontot finns och har ett registrerat mobilnummer/);
      assert.equal(normaliseIds(unknown.text), normaliseIds(existing.text));
      assert.doesNotMatch(unknown.text, /nobody\.here/, 'a name that matched nothing is not repeated');
      assert.equal(bot.sms.received.length, 1, 'only Bertil gets an SMS');
      const wrong = await stranger.say('123456');
      assert.match(wrong.text, /Koden stämmer inte/);
    });
  });

  describe('when Teams says the user speaks English', () => {
    it('speaks English all the way', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, locale: 'en-GB' });
      const welcome = await anna.say('hi');
      assert.match(welcome.text, /Having trouble signing in\?/);
      const code = await anna.submit('account.own');
      assert.match(code.text, /ending in ••05/);
      assert.match(bot.sms.received[0]!.message, /code/i);
      const choice = await anna.say(bot.sms.latestCode());
      assert.match(choice.text, /Keep your current password and unlock your account/);
    });
  });

  describe('when the user cancels midway', () => {
    it('ends the case, turns the open card into a cancelled one and refuses the old card', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      await anna.submit('account.own');
      const codeCard = anna.latestCard()!;
      const cancelled = await anna.say('avbryt');
      assert.match(cancelled.text, /avbrutit/);
      const cardNow = bot.connector.shown.get(codeCard.id!);
      assert.match(visibleText(cardNow!), /Avbrutet\. Inget har ändrats\./);
      assert.match(visibleText(cardNow!), /Börja om/);
      assert.doesNotMatch(visibleText(cardNow!), /Nästa/, 'the cancelled card is not live');
      const [record] = await bot.app.cases.list();
      assert.equal(record?.outcome, 'cancelled');

      // A client that missed the update presses the old card: it is told the case is over.
      const late = await anna.press(codeCard, 'code.submit', { code: bot.sms.latestCode() });
      assert.match(late.text, /ärendet är avslutat/);
      assert.equal((await bot.app.directory.findByUsername('anna.svensson'))?.locked, true);
    });
  });

  describe('when the user asks for help at any step', () => {
    it('explains and keeps the step', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      await anna.submit('account.own');
      const help = await anna.say('hjälp');
      assert.match(help.text, /Skriv de sex siffrorna från SMS:et/);
      const choice = await anna.say(bot.sms.latestCode());
      assert.ok(choice.text.includes(SEED_KEEP));
    });
  });

  describe('when the user asks for a new code at once', () => {
    it('asks them to wait for the cooldown', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await anna.say('hej');
      await anna.submit('account.own');
      const resend = await anna.submit('code.resend');
      assert.match(resend.text, /Vänta \d+ sekunder/);
      assert.equal(bot.sms.received.length, 1);
    });
  });

  describe('when the bot is added to a group chat', () => {
    it('refuses politely and touches neither directory nor SMS', async () => {
      const group = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, conversationType: 'groupChat' });
      const turn = await group.say('anna.svensson');
      assert.match(turn.text, /privat chatt/);
      assert.equal(bot.sms.received.length, 0);
      assert.equal((await bot.app.cases.list()).length, 0);
    });
  });
});

/** Two answers are "the same" when they differ only in case ids and nonces. */
function normaliseIds(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'ID');
}

export { visibleText };
