import assert from 'node:assert/strict';
import {
  ConversationState,
  MemoryStorage,
  type Activity,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import type { CardVerb } from '../../src/cards/actions';
import { MainDialog, type ActiveCase } from '../../src/dialogs/mainDialog';
import { minutes } from '../support/fakeClock';
import { buildResetWorld, type ResetWorld } from '../support/resetWorld';
import { submitData, visibleText } from '../support/teamsUser';

const ANNA = { id: '29:anna', name: 'Anna Svensson', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };

type UserTurn = string | { submit: CardVerb; inputs?: Record<string, string> };

/** One line of a transcript: what the user does, and phrases the bot's answer must contain. */
interface Line {
  readonly user: UserTurn | ((world: ResetWorld) => UserTurn);
  readonly bot: readonly (string | RegExp)[];
}

/** Records the cards a turn updates in place (the case's one card), which the test channel does not show. */
class UpdatedCards implements Middleware {
  readonly updated: Partial<Activity>[] = [];

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onUpdateActivity(async (_context, activity, update) => {
      this.updated.push(activity);
      await update();
    });
    await next();
  }
}

/** Plays a transcript through `DialogTestClient`, so each test reads like the conversation it checks. */
async function play(
  lines: readonly Line[],
  options: { locale?: string; world?: ResetWorld; from?: typeof ANNA } = {},
): Promise<ResetWorld> {
  const world = options.world ?? (await buildResetWorld());
  const conversationState = new ConversationState(new MemoryStorage());
  const dialog = new MainDialog({
    reset: world.service,
    logger: world.logger,
    servicedeskPhone: '0142-36 6000',
    codeValidMinutes: 10,
    activeCase: conversationState.createProperty<ActiveCase | undefined>('activeCase'),
  });
  const adapter = new UpdatedCards();
  const client = new DialogTestClient('msteams', dialog, undefined, [adapter], conversationState);
  const shown: Partial<Activity>[] = [];
  for (const [index, line] of lines.entries()) {
    const turn = typeof line.user === 'function' ? line.user(world) : line.user;
    const activity: Partial<Activity> = {
      type: 'message',
      from: options.from ?? ANNA,
      locale: options.locale ?? 'sv-SE',
    };
    if (typeof turn === 'string') activity.text = turn;
    else {
      const card = [...shown].reverse().find((reply) => submitData(reply, turn.submit));
      assert.ok(card, `line ${index + 1}: no card offers ${turn.submit}`);
      activity.value = { ...submitData(card, turn.submit), ...turn.inputs };
      activity.replyToId = card.id;
    }
    const replies: Partial<Activity>[] = [];
    adapter.updated.length = 0;
    let reply = (await client.sendActivity(activity)) as Partial<Activity> | undefined;
    while (reply) {
      replies.push(reply);
      reply = client.getNextReply();
    }
    replies.push(...adapter.updated);
    shown.push(...replies);
    const said = replies.map(visibleText).join('\n');
    for (const expected of line.bot) {
      const found = typeof expected === 'string' ? said.includes(expected) : expected.test(said);
      assert.ok(
        found,
        `line ${index + 1} (${JSON.stringify(turn)}): expected ${String(expected)} in:\n${said}`,
      );
    }
  }
  return world;
}

const code = (world: ResetWorld) => world.sms.lastCode();
const wrongCode = (world: ResetWorld) => (world.sms.lastCode() === '000000' ? '111111' : '000000');

describe('MainDialog', () => {
  describe('when Anna keeps her password and unlocks', () => {
    it('follows the guide from username to Slutför', async () => {
      const world = await play([
        { user: 'hej', bot: ['Har du problem att logga in?', 'Det gäller mitt konto (anna.svensson)'] },
        { user: { submit: 'account.own' }, bot: ['slutar på ••05', 'Koden gäller i 10 minuter'] },
        {
          user: code,
          bot: [
            'Behåll ditt nuvarande lösenord och lås upp ditt konto',
            'Ange ett nytt lösenord och lås upp ditt konto',
          ],
        },
        { user: { submit: 'choice.unlock' }, bot: ['Ditt konto är nu upplåst.', 'Slutför'] },
        { user: { submit: 'done.finish' }, bot: ['logga in'] },
      ]);
      assert.equal((await world.directory.findByUsername('anna.svensson'))?.locked, false);
    });
  });

  describe('when Anna chooses a new password', () => {
    it('names each broken rule and keeps her verified until a good one is set', async () => {
      await play([
        { user: 'hej', bot: ['Användarnamn'] },
        { user: 'anna.svensson', bot: ['slutar på ••05'] },
        { user: wrongCode, bot: ['Koden stämmer inte. Du har 2 försök kvar.'] },
        { user: code, bot: ['Vad vill du göra?'] },
        {
          user: { submit: 'choice.newPassword' },
          bot: ['minst 8 tecken, en stor bokstav och en siffra', 'å, ä eller ö'],
        },
        {
          user: { submit: 'password.submit', inputs: { newPassword: 'hemlis', repeatPassword: 'hemlis' } },
          bot: [
            'Det är kortare än 8 tecken.',
            'Det saknar en stor bokstav (A–Z).',
            'Det saknar en siffra (0–9).',
          ],
        },
        {
          user: {
            submit: 'password.submit',
            inputs: { newPassword: 'Anna.svensson1', repeatPassword: 'Anna.svensson1' },
          },
          bot: ['Det innehåller ditt användarnamn eller namn.'],
        },
        {
          user: {
            submit: 'password.submit',
            inputs: { newPassword: 'Kanelbulle42', repeatPassword: 'Kanelbulle43' },
          },
          bot: ['Lösenorden i de två fälten är inte likadana.'],
        },
        {
          user: {
            submit: 'password.submit',
            inputs: { newPassword: 'Vinter2023', repeatPassword: 'Vinter2023' },
          },
          bot: ['Du har haft det lösenordet tidigare.'],
        },
        { user: 'Kanelbulle42', bot: ['Skriv aldrig ditt lösenord direkt i chatten.'] },
        {
          user: {
            submit: 'password.submit',
            inputs: { newPassword: 'Kanelbulle42', repeatPassword: 'Kanelbulle42' },
          },
          bot: ['Ditt konto är nu upplåst och ditt lösenord är bytt.', 'mejlappen'],
        },
      ]);
    });
  });

  describe('when the user writes in English', () => {
    it('answers in English with the same steps', async () => {
      await play(
        [
          { user: 'hi', bot: ['Having trouble signing in?', 'It is my account (anna.svensson)'] },
          { user: { submit: 'account.own' }, bot: ['ending in ••05'] },
          { user: code, bot: ['Keep your current password and unlock your account'] },
          { user: { submit: 'choice.unlock' }, bot: ['Your account is now unlocked.', 'Finish'] },
        ],
        { locale: 'en-US' },
      );
    });
  });

  describe('when the account is cloud-only', () => {
    it('explains that Entra ID lifts the lockout by itself', async () => {
      await play([
        { user: 'hej', bot: ['Användarnamn'] },
        { user: 'david.dahl', bot: ['Om kontot finns och har ett registrerat mobilnummer'] },
        { user: code, bot: ['Vad vill du göra?'] },
        { user: { submit: 'choice.unlock' }, bot: ['upp automatiskt inom några minuter'] },
      ]);
    });
  });

  describe('when the user gives up or needs help', () => {
    it('helps at the code step and cancels on "avbryt"', async () => {
      const world = await play([
        { user: 'hej', bot: ['Användarnamn'] },
        { user: { submit: 'account.own' }, bot: ['slutar på ••05'] },
        { user: 'hjälp', bot: ['Skriv de sex siffrorna från SMS:et', 'Skicka en ny kod', 'Nästa'] },
        { user: 'hej', bot: ['Ange koden från SMS:et', 'Nästa'] },
        { user: 'avbryt', bot: ['Okej, jag har avbrutit. Inget har ändrats.', 'Avbrutet.', 'Börja om'] },
      ]);
      const [record] = await world.cases.list();
      assert.equal(record?.outcome, 'cancelled');
    });

    it('cancels from the card’s Avbryt button, and the card offers to start again', async () => {
      await play([
        { user: 'hej', bot: ['Avbryt'] },
        { user: { submit: 'cancel' }, bot: ['Avbrutet. Inget har ändrats.', 'Börja om'] },
      ]);
    });

    it('explains what each step wants, not one paragraph for all', async () => {
      await play([
        { user: 'hej', bot: ['Användarnamn'] },
        { user: 'hjälp', bot: ['vilket konto det gäller', 'Användarnamn'] },
        { user: 'anna.svensson', bot: ['slutar på ••05'] },
        { user: code, bot: ['Vad vill du göra?'] },
        { user: 'hjälp', bot: ['om du minns ditt lösenord', 'Vad vill du göra?'] },
        { user: { submit: 'choice.newPassword' }, bot: ['Ange ett nytt lösenord'] },
        { user: 'hjälp', bot: ['Skriv samma nya lösenord i båda fälten', 'Nytt lösenord'] },
      ]);
    });
  });

  describe('when the code is asked for again', () => {
    it('waits for the cooldown, then sends a new code and refuses the old one', async () => {
      const world = await buildResetWorld();
      let oldCode = '';
      await play(
        [
          { user: 'hej', bot: ['Användarnamn'] },
          { user: { submit: 'account.own' }, bot: ['slutar på ••05'] },
          { user: { submit: 'code.resend' }, bot: [/Vänta \d+ sekunder/] },
          {
            user: (w) => {
              oldCode = w.sms.lastCode();
              w.clock.advance(minutes(1));
              return { submit: 'code.resend' };
            },
            bot: ['En ny kod är skickad.', 'slutar på ••05'],
          },
          {
            user: () => (oldCode === world.sms.lastCode() ? '999999' : oldCode),
            bot: ['Koden stämmer inte'],
          },
          { user: code, bot: ['Vad vill du göra?'] },
        ],
        { world },
      );
      assert.equal(world.sms.sent.length, 2);
    });
  });

  describe('when the account has no phone or is disabled', () => {
    it('gives the Servicedesk guidance to Cecilia about her own account', async () => {
      const cecilia = { ...ANNA, aadObjectId: 'd856c0d2-b531-4919-97d3-da4a991d6664' };
      const world = await play(
        [
          { user: 'hej', bot: ['Det gäller mitt konto (cecilia.ceder)'] },
          {
            user: { submit: 'account.own' },
            bot: [/inget mobilnummer registrerat.*Servicedesk, tel\. 0142-36 6000/s],
          },
        ],
        { from: cecilia },
      );
      assert.equal(world.sms.attempted.length, 0);
    });

    it('tells Erik his account is disabled', async () => {
      const erik = { ...ANNA, aadObjectId: 'acf89349-a9a1-4297-b6a6-a966037b6b0c' };
      await play(
        [
          { user: 'hej', bot: ['Användarnamn'] },
          { user: 'erik.ek', bot: ['inaktiverat'] },
        ],
        { from: erik },
      );
    });
  });
});
