import assert from 'node:assert/strict';
import type { Activity, MemoryTranscriptStore } from 'botbuilder';
import { startBot, type BotHarness } from '../support/botHarness';
import { approvalButton } from '../support/approvalCards';
import { HelpdeskClient } from '../support/serviceDesk';

const FRIDA_AAD_OBJECT_ID = '5b7e2c1a-8d3f-4e6b-9c2a-1f0e7d6c5b42';
const BERTIL_AAD_OBJECT_ID = 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11';
const BERTIL_MOBILE_DIGITS = '701740606';
const NEW_PASSWORD = 'Trappa-Lykta42';
const REJECTED_PASSWORD = 'hemligtlosen';

/** Every place the bot writes to, as text: logs, transcripts, stored state, audit, cases, the connector. */
async function sinks(bot: BotHarness): Promise<Record<string, string>> {
  const transcripts = bot.app.transcripts as MemoryTranscriptStore;
  const logged: Partial<Activity>[] = [];
  for (const transcript of (await transcripts.listTranscripts('msteams')).items) {
    logged.push(...(await transcripts.getTranscriptActivities('msteams', transcript.id)).items);
  }
  const desk = new HelpdeskClient(bot.botUrl);
  assert.equal((await desk.signInWith(bot.app.helpdeskSignInLink()!)).status, 303);
  const cases = await bot.app.cases.list({ limit: 1000 });
  const pages = await Promise.all(cases.map(async (c) => (await desk.get(`/helpdesk/cases/${c.id}`)).text()));
  return {
    logs: bot.logs.join('\n'),
    transcripts: JSON.stringify(logged),
    state: JSON.stringify((bot.app.storage as unknown as { memory: Record<string, string> }).memory),
    audit: JSON.stringify(bot.app.audit.list()),
    cases: JSON.stringify(cases),
    serviceDesk: pages.join('\n'),
    csv: await (await desk.get('/helpdesk/cases.csv')).text(),
  };
}

describe("the manager's confirmation and secrets", () => {
  let bot: BotHarness;
  before(async () => {
    bot = await startBot();
  });
  after(async () => {
    await bot.stop();
  });

  describe('when Frida, vouched for by Bertil, sets a new password', () => {
    it('keeps the password out of every sink, and the manager’s card holds no secret or number', async () => {
      const frida = bot.user({ aadObjectId: FRIDA_AAD_OBJECT_ID, userId: '29:frida', name: 'Frida Fors' });
      const bertil = bot.user({
        aadObjectId: BERTIL_AAD_OBJECT_ID,
        userId: '29:bertil',
        name: 'Bertil Berg',
      });
      await bertil.say('hej');
      await bertil.say('avbryt');
      await frida.say('hej');
      await frida.submit('account.own');
      await frida.submit('approval.ask');
      const card = bot.connector.sent(bertil.conversationId).at(-1)!;
      await bertil.submitRaw(approvalButton(card, 'yes'), card.id);

      const choiceCall = bot.connector.updates(frida.conversationId).at(-1)!;
      await frida.press({ ...choiceCall.activity, id: choiceCall.activityId }, 'choice.newPassword');
      const rejected = await frida.submit('password.submit', {
        newPassword: REJECTED_PASSWORD,
        repeatPassword: REJECTED_PASSWORD,
      });
      assert.match(rejected.text, /stor bokstav|versal|siffra/i);
      const done = await frida.submit('password.submit', {
        newPassword: NEW_PASSWORD,
        repeatPassword: NEW_PASSWORD,
      });
      assert.match(done.text, /lösenord är bytt/);

      const cardText = JSON.stringify(card);
      assert.doesNotMatch(cardText, /\+46|\b\d{6}\b/, 'no phone number or code on the manager’s card');
      assert.ok(!cardText.includes(BERTIL_MOBILE_DIGITS));
      assert.doesNotMatch(cardText, /Input\./, 'nothing can be typed into it');

      const found = await sinks(bot);
      for (const [sink, text] of Object.entries(found)) {
        for (const secret of [NEW_PASSWORD, REJECTED_PASSWORD]) {
          assert.ok(!text.includes(secret), `${secret} leaked into ${sink}`);
        }
        assert.ok(
          !text.includes(BERTIL_MOBILE_DIGITS) || sink === 'state',
          `the manager's number in ${sink}`,
        );
      }
      assert.match(found.serviceDesk!, /Bekräftad av chef/);
      assert.match(found.serviceDesk!, /Bertil Berg \(bertil\.berg\)/);
    });
  });
});
