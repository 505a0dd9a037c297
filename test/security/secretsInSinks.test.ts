import assert from 'node:assert/strict';
import type { Activity, MemoryTranscriptStore } from 'botbuilder';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import type { Turn } from '../support/teamsUser';

const PASSWORDS = {
  rejectedByPolicy: 'hemligtlosen',
  rejectedByHistory: 'Vinter2023',
  accepted: 'Xylofon-Hemlig7',
  typedIntoChat: 'Chattlosen99',
  secondAccepted: 'Qz9-Fikapaus-88',
};

/** Every place the bot writes to, as text, except the SMS gateway (which must carry the code). */
async function allSinks(bot: BotHarness, turns: readonly Turn[]): Promise<Record<string, string>> {
  const transcripts = bot.app.transcripts as MemoryTranscriptStore;
  const logged: Partial<Activity>[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await transcripts.listTranscripts('msteams', continuationToken);
    for (const transcript of page.items) {
      const activities = await transcripts.getTranscriptActivities('msteams', transcript.id);
      logged.push(...activities.items);
    }
    continuationToken = page.continuationToken || undefined;
  } while (continuationToken);
  const storage = (bot.app.storage as unknown as { memory: Record<string, string> }).memory;
  return {
    logs: bot.logs.join('\n'),
    transcripts: JSON.stringify(logged),
    state: JSON.stringify(storage),
    audit: JSON.stringify(bot.app.audit.list()),
    cases: JSON.stringify(await bot.app.cases.list({ limit: 1000 })),
    replies: JSON.stringify(turns.map((turn) => [turn.body, turn.replies])),
    connector: JSON.stringify(bot.connector.calls),
  };
}

describe('secrets in every sink', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot();
  });

  afterEach(async () => {
    await bot.stop();
  });

  describe('when complete flows have run with codes typed and submitted and passwords set and refused', () => {
    it('finds none of the codes or passwords in logs, state, transcripts, audit, cases or replies', async () => {
      const turns: Turn[] = [];
      const codes: string[] = [];

      // Flow 1: code typed as text, passwords refused, one typed into the chat by mistake, then set.
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      turns.push(await anna.say('hej'), await anna.submit('account.own'));
      codes.push(bot.sms.latestCode());
      turns.push(await anna.say(codes.at(-1)!), await anna.submit('choice.newPassword'));
      turns.push(await anna.say(PASSWORDS.typedIntoChat));
      for (const password of [PASSWORDS.rejectedByPolicy, PASSWORDS.rejectedByHistory, PASSWORDS.accepted]) {
        turns.push(await anna.submit('password.submit', { newPassword: password, repeatPassword: password }));
      }
      assert.match(turns.at(-1)!.text, /lösenord är bytt/);

      // Flow 2: another account, code submitted in the card, mismatching repeat, then set (expectReplies).
      const bertil = bot.user({
        aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11',
        deliveryMode: 'expectReplies',
      });
      turns.push(await bertil.say('hej'), await bertil.say('bertil.berg'));
      codes.push(bot.sms.latestCode());
      turns.push(
        await bertil.submit('code.submit', { code: codes.at(-1)! }),
        await bertil.submit('choice.newPassword'),
      );
      turns.push(
        await bertil.submit('password.submit', {
          newPassword: PASSWORDS.secondAccepted,
          repeatPassword: 'Annat1234',
        }),
        await bertil.submit('password.submit', {
          newPassword: PASSWORDS.secondAccepted,
          repeatPassword: PASSWORDS.secondAccepted,
        }),
      );
      assert.match(turns.at(-1)!.text, /lösenord är bytt/);

      // Flow 3: a wrong code then a resent code, then cancel.
      const david = bot.user({ aadObjectId: '9404fdb5-87b3-43d2-a9a3-58cf44e8435b' });
      turns.push(await david.say('hej'), await david.submit('account.own'));
      codes.push(bot.sms.latestCode());
      turns.push(
        await david.say(`${codes.at(-1)!.slice(0, 3)} ${codes.at(-1)!.slice(3)}`),
        await david.say('avbryt'),
      );

      assert.equal(codes.length, 3);
      const sinks = await allSinks(bot, turns);
      const secrets = [
        ...codes,
        ...codes.map((code) => `${code.slice(0, 3)} ${code.slice(3)}`),
        ...Object.values(PASSWORDS),
      ];
      const hits = Object.entries(sinks).flatMap(([sink, text]) =>
        secrets.filter((secret) => text.includes(secret)).map((secret) => `${sink}: ${secret}`),
      );
      assert.deepEqual(hits, []);
      // The sinks were really written to, so an empty search means something.
      assert.ok(
        sinks['transcripts']!.length > 1000 && sinks['logs']!.length > 1000 && sinks['audit']!.length > 500,
      );
      assert.equal(bot.sms.received.length, 3);
    });
  });
});
