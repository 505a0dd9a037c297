import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import { DemoDirectory } from '../../src/demo/demoDirectory';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { approvalButton } from '../support/approvalCards';
import { FakeClock, minutes } from '../support/fakeClock';
import { visibleText, type TeamsUser, type Turn } from '../support/teamsUser';

export const FRIDA_AAD_OBJECT_ID = '5b7e2c1a-8d3f-4e6b-9c2a-1f0e7d6c5b42';
export const BERTIL_AAD_OBJECT_ID = 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11';
const SEED_KEEP = 'Behåll ditt nuvarande lösenord och lås upp ditt konto';
const ASK_MANAGER = 'Be din chef bekräfta att det är du';

/** The card on screen in a conversation now (posted or updated), by the connector's record. */
function latestCardIn(bot: BotHarness, conversationId: string): Partial<Activity> {
  const call = [...bot.connector.calls]
    .reverse()
    .find((c) => c.conversationId === conversationId && (c.activity?.attachments?.length ?? 0) > 0);
  if (!call?.activity) throw new Error('no card in the conversation');
  return { ...call.activity, id: call.activityId ?? call.activity.id };
}

describe('the manager vouches in Teams (no registered mobile)', () => {
  let bot: BotHarness;
  let clock: FakeClock;
  let frida: TeamsUser;
  let bertil: TeamsUser;

  beforeEach(async () => {
    clock = new FakeClock(new Date());
    bot = await startBot({}, { clock });
    frida = bot.user({ aadObjectId: FRIDA_AAD_OBJECT_ID, userId: '29:frida', name: 'Frida Fors' });
    bertil = bot.user({ aadObjectId: BERTIL_AAD_OBJECT_ID, userId: '29:bertil', name: 'Bertil Berg' });
    // The manager has talked to the bot before: his chat is in the address book.
    await bertil.say('hej');
    await bertil.say('avbryt');
  });

  afterEach(async () => {
    await bot.stop();
  });

  /** Frida asks about her own account and asks her manager; returns the manager's card. */
  async function askManager(): Promise<{ offer: Turn; waiting: Turn; card: Partial<Activity> }> {
    await frida.say('hej');
    const offer = await frida.submit('account.own');
    const before = bot.connector.sent(bertil.conversationId).length;
    const waiting = await frida.submit('approval.ask');
    const sent = bot.connector.sent(bertil.conversationId);
    assert.equal(sent.length, before + 1, "one card in the manager's chat");
    return { offer, waiting, card: sent.at(-1)! };
  }

  describe('when Frida asks about her own account and her manager says yes', () => {
    it('offers the manager, sends him a card, and moves her case on to the two choices', async () => {
      const { offer, waiting, card } = await askManager();
      assert.match(offer.text, new RegExp(ASK_MANAGER));
      // The number wraps as one word on a phone (no-break space, word joiner after the dash).
      assert.match(offer.text, /0142-\u2060?36[\s\u00a0]6000/);
      assert.match(waiting.text, /Vi har bett Bertil Berg bekräfta att det är du/);
      const help = await frida.say('hjälp');
      assert.match(help.text, /din chef bekräfta att det är du: tryck på knappen/);
      assert.match(help.text, /Vi har bett Bertil Berg/, 'the waiting card is shown again with the help');

      const text = visibleText(card);
      assert.match(text, /Frida Fors/);
      assert.match(text, /frida\.fors/);
      assert.match(text, /Socialförvaltningen/);
      assert.match(text, /Ring Frida eller starta ett videomöte/);
      assert.match(text, /Ja, jag har pratat med Frida och det är Frida/);
      assert.match(text, /Nej, det stämmer inte/);

      const answered = await bertil.submitRaw(approvalButton(card, 'yes'), card.id);
      assert.match(answered.text, /Du har bekräftat att det är Frida Fors/);
      assert.equal(answered.replies.length, 1, "the manager's card is updated, nothing else");

      const fridaCard = latestCardIn(bot, frida.conversationId);
      assert.ok(visibleText(fridaCard).includes(SEED_KEEP), 'her waiting card became the choice');
      assert.match(visibleText(fridaCard), /Bekräftad av chef: Bertil Berg/);
      const updatedInPlace = bot.connector.updates(frida.conversationId).at(-1);
      assert.equal(updatedInPlace?.activityId, fridaCard.id, 'one card per case: updated, not posted');

      const done = await frida.press(fridaCard, 'choice.unlock');
      assert.match(done.text, /Ditt konto är nu upplåst/);
      assert.equal((await bot.app.directory.findByUsername('frida.fors'))?.locked, false);

      const record = (await bot.app.cases.list()).find((c) => c.account?.username === 'frida.fors');
      assert.equal(record?.outcome, 'unlocked');
      assert.equal(record?.approval?.status, 'approved');
      assert.equal(record?.approval?.approver.username, 'bertil.berg');
      const trail = bot.app.audit.list(record.id);
      const approved = trail.find((event) => event.type === 'manager-approved');
      assert.match(approved?.detail ?? '', /by bertil\.berg at \d{4}-/);
      assert.equal(bot.sms.received.length, 0, 'no SMS: there is no number');
    });
  });

  describe('when the manager says no', () => {
    it('ends the case, tells her to call the service desk, and alerts the service desk', async () => {
      const { card } = await askManager();
      const answered = await bertil.submitRaw(approvalButton(card, 'no'), card.id);
      assert.match(answered.text, /Servicedesk har fått ett larm/);

      const fridaCard = visibleText(latestCardIn(bot, frida.conversationId));
      assert.match(fridaCard, /Din chef kunde inte bekräfta att det är du/);
      assert.match(fridaCard, /0142-36 6000/);

      const record = (await bot.app.cases.list()).find((c) => c.account?.username === 'frida.fors');
      assert.equal(record?.outcome, 'manager-refused');
      await bot.app.alerts.flush();
      const trail = bot.app.audit.list(record.id);
      assert.ok(trail.some((event) => event.type === 'outcome' && event.outcome === 'manager-refused'));
      assert.equal((await bot.app.directory.findByUsername('frida.fors'))?.locked, true);
    });
  });

  describe('when the manager does not answer in time', () => {
    it('tells her in her chat, offers to start again, and his late yes changes nothing', async () => {
      const { card } = await askManager();
      await clock.runFor(minutes(31));
      const fridaCard = visibleText(latestCardIn(bot, frida.conversationId));
      assert.match(fridaCard, /Din chef hann inte svara/);
      assert.match(fridaCard, /Börja om/);

      // "Börja om" asks again, in a new case.
      const again = await frida.press(latestCardIn(bot, frida.conversationId), 'restart');
      assert.match(again.text, /Det gäller mitt konto \(frida\.fors\)/);
      const offered = await frida.submit('account.own');
      assert.match(offered.text, new RegExp(ASK_MANAGER));

      const late = await bertil.submitRaw(approvalButton(card, 'yes'), card.id);
      assert.match(late.text, /redan besvarad|gått ut/);
      // The first case (the list is newest first).
      const record = (await bot.app.cases.list()).filter((c) => c.account?.username === 'frida.fors').at(-1);
      assert.equal(record?.outcome, 'expired');
      assert.equal(record?.verifiedAt, undefined);
    });
  });

  describe('when someone other than the named manager presses the card', () => {
    it('refuses the press, whoever forged it, and the request stays open for the manager', async () => {
      const { card } = await askManager();
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna' });
      const forged = await anna.submitRaw(approvalButton(card, 'yes'), card.id);
      assert.match(forged.text, /inte ställd till dig/);
      // Frida herself, pressing a copy of the card's data from her own chat.
      const self = await frida.submitRaw(approvalButton(card, 'yes'));
      assert.match(self.text, /inte ställd till dig/);

      const record = (await bot.app.cases.list()).find((c) => c.account?.username === 'frida.fors');
      assert.equal(record?.verifiedAt, undefined);
      const trail = bot.app.audit.list(record!.id);
      assert.equal(trail.filter((event) => event.type === 'approval-press-refused').length, 2);

      const answered = await bertil.submitRaw(approvalButton(card, 'yes'), card.id);
      assert.match(answered.text, /Du har bekräftat/);
    });
  });

  describe('when the manager presses yes twice (double tap, or two instances)', () => {
    it('approves once; the second press and a replay after the unlock change nothing', async () => {
      const { card } = await askManager();
      await Promise.all([
        bertil.submitRaw(approvalButton(card, 'yes'), card.id),
        bertil.submitRaw(approvalButton(card, 'yes'), card.id),
      ]);
      // Both turns update the same card: one says it was confirmed, the other that it already was.
      const answers = bot.connector.updates(bertil.conversationId).map((call) => visibleText(call.activity!));
      assert.equal(answers.filter((text) => /Du har bekräftat/.test(text)).length, 1);
      assert.equal(answers.filter((text) => /redan besvarad/.test(text)).length, 1);

      const choice = latestCardIn(bot, frida.conversationId);
      await frida.press(choice, 'choice.unlock');
      const replay = await frida.press(choice, 'choice.unlock');
      assert.doesNotMatch(replay.text, /Ditt konto är nu upplåst/);
      const again = await bertil.submitRaw(approvalButton(card, 'yes'), card.id);
      assert.match(again.text, /redan besvarad/);
      const trail = bot.app.audit.list();
      assert.equal(trail.filter((event) => event.type === 'manager-approved').length, 1);
      assert.equal(trail.filter((event) => event.outcome === 'unlocked').length, 1);
    });
  });

  describe('when someone asks about another person’s account that has no mobile', () => {
    it('gives the same uniform answer as today, with no hint of a manager', async () => {
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna' });
      await anna.say('hej');
      const aboutFrida = await anna.say('frida.fors');
      await anna.say('avbryt');
      await anna.say('hej');
      const aboutNobody = await anna.say('nobody.here');
      const uniform = (text: string) => text.replace(/frida\.fors|nobody\.here/g, 'X');
      assert.doesNotMatch(aboutFrida.text, /chef|Bertil/i);
      assert.equal(uniform(aboutFrida.text), uniform(aboutNobody.text));
      assert.equal(bot.connector.sent(bertil.conversationId).length, 2, 'nothing reached the manager');
    });
  });

  describe('when the only one who could vouch is the requester (nobody approves their own request)', () => {
    const CHEF = '0f3c6d2e-5a41-4b7c-8e9d-2a1b3c4d5e6f';
    const REP = '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8a9b0c1d';
    const users = [
      // A manager locked out, with no manager of her own and no mobile: the approver group is asked.
      {
        username: 'chef.one',
        displayName: 'Chef One',
        upn: 'chef.one@kommun.example',
        locked: true,
        synced: true,
        aadObjectId: CHEF,
      },
      {
        username: 'it.rep',
        displayName: 'It Rep',
        upn: 'it.rep@kommun.example',
        locked: false,
        synced: true,
        aadObjectId: REP,
      },
    ];

    async function botWith(approvers: string[]): Promise<BotHarness> {
      await bot.stop();
      bot = await startBot({}, { clock, directory: await DemoDirectory.create({ users, approvers }) });
      return bot;
    }

    it('does not offer her herself as approver: the service desk it is', async () => {
      await botWith(['chef.one']);
      const chef = bot.user({ aadObjectId: CHEF, userId: '29:chef' });
      await chef.say('hej');
      const answer = await chef.submit('account.own');
      assert.doesNotMatch(answer.text, new RegExp(ASK_MANAGER));
      assert.match(answer.text, /inget mobilnummer registrerat/);
    });

    it('asks another member of the approver group instead', async () => {
      await botWith(['chef.one', 'it.rep']);
      const rep = bot.user({ aadObjectId: REP, userId: '29:rep' });
      await rep.say('hej');
      await rep.say('avbryt');
      const chef = bot.user({ aadObjectId: CHEF, userId: '29:chef' });
      await chef.say('hej');
      await chef.submit('account.own');
      const waiting = await chef.submit('approval.ask');
      assert.match(waiting.text, /Vi har bett It Rep bekräfta/);
      assert.match(visibleText(bot.connector.sent(rep.conversationId).at(-1)!), /Chef One/);
    });
  });

  describe('when Frida asks her manager a fourth time in one day', () => {
    it('sends her to the service desk instead, and the manager gets no fourth card', async () => {
      for (let round = 0; round < 3; round++) {
        await frida.say('hej');
        await frida.submit('account.own');
        await frida.submit('approval.ask');
        await frida.say('avbryt');
      }
      const cards = bot.connector.sent(bertil.conversationId).length;
      await frida.say('hej');
      await frida.submit('account.own');
      const fourth = await frida.submit('approval.ask');
      assert.match(fourth.text, /flera gånger i dag/);
      assert.match(fourth.text, /0142-36 6000/);
      assert.equal(bot.connector.sent(bertil.conversationId).length, cards);
    });
  });

  describe('when Frida’s Teams is in English and Bertil’s in Swedish', () => {
    it('speaks to each in their own language', async () => {
      const english = bot.user({ aadObjectId: FRIDA_AAD_OBJECT_ID, userId: '29:frida-en', locale: 'en-US' });
      await english.say('hello');
      const offer = await english.submit('account.own');
      assert.match(offer.text, /Ask your manager to confirm it is you/);
      const waiting = await english.submit('approval.ask');
      assert.match(waiting.text, /We have asked Bertil Berg to confirm it is you/);
      const card = visibleText(bot.connector.sent(bertil.conversationId).at(-1)!);
      assert.match(card, /Ja, jag har pratat med Frida och det är Frida/);
    });
  });
});
