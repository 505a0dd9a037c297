import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Activity, MemoryTranscriptStore } from 'botbuilder';
import { CODE_LIKE_DIGITS } from '../../src/sms/message';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../support/botHarness';
import { HelpdeskClient } from '../support/serviceDesk';
import { eventually } from '../support/eventually';
import type { Turn } from '../support/teamsUser';

const DAVID_AAD_OBJECT_ID = '9404fdb5-87b3-43d2-a9a3-58cf44e8435b';
const SERVICE_DESK_TEAM = '19:servicedesk0123@thread.tacv2';

const TYPED_AS_USERNAME = 'Kanelbulle2025';
const MISTYPED_CODE = '38098';
const IN_A_SENTENCE = 'Blomma2025x';
const ACCEPTED = 'Gurka-Sallad88';

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

/** The service desk's pages: the case list, every case page (with its transcript) and the CSV. */
async function serviceDeskPages(bot: BotHarness): Promise<Record<string, string>> {
  const desk = new HelpdeskClient(bot.botUrl);
  assert.equal((await desk.signInWith(bot.app.helpdeskSignInLink()!)).status, 303);
  const read = async (path: string) => (await desk.get(path)).text();
  const cases = await bot.app.cases.list({ limit: 1000 });
  const pages = await Promise.all(cases.map((record) => read(`/helpdesk/cases/${record.id}`)));
  return {
    view: [await read('/helpdesk/cases'), ...pages].join('\n'),
    csv: await read('/helpdesk/cases.csv'),
  };
}

/** Chat with the users and alerts in the service desk's channel, told apart by conversation. */
function connectorSinks(bot: BotHarness): Record<string, string> {
  const calls = bot.connector.calls;
  return {
    connector: JSON.stringify(calls.filter((call) => call.conversationId !== SERVICE_DESK_TEAM)),
    alerts: JSON.stringify(calls.filter((call) => call.conversationId === SERVICE_DESK_TEAM)),
  };
}

/** A secret of digits counts where it stands on its own, not inside an id, a hash or a time. */
function occurs(text: string, secret: string): boolean {
  if (!/^[\d -]+$/.test(secret)) return text.toLowerCase().includes(secret.toLowerCase());
  return new RegExp(`(?<![0-9a-fA-F])${secret}(?![0-9a-fA-F])`).test(text);
}

describe('secrets in every sink', () => {
  let bot: BotHarness;

  beforeEach(async () => {
    bot = await startBot(
      { ALERT_TEAM_ID: SERVICE_DESK_TEAM, NOTIFY_OWNER_SMS: 'true' },
      { linkOut: new PassThrough() },
    );
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
      // Three codes and two change notices (the passwords set); no notice repeats a code or looks like one.
      await eventually(() => bot.sms.received.length >= 5, 'the change notices');
      assert.equal(bot.sms.received.length, 5);
      const notices = bot.sms.received.filter((sms) => !/\b\d{6}\b/.test(sms.message));
      assert.equal(notices.length, 2);
      for (const notice of notices) {
        assert.match(notice.message, /lösenord/);
        assert.doesNotMatch(notice.message, CODE_LIKE_DIGITS);
        assert.deepEqual(
          secrets.filter((secret) => notice.message.includes(secret)),
          [],
        );
      }
    });
  });

  describe('when a password is typed as the username, and codes and passwords in the forms people type them', () => {
    it('finds none of them in logs, state, transcripts, audit, cases, the service desk’s pages and CSV or alerts', async () => {
      const turns: Turn[] = [];
      const install = bot.user({
        conversationId: SERVICE_DESK_TEAM,
        conversationType: 'channel',
        userId: '29:admin',
      });
      await install.send({
        type: 'conversationUpdate',
        membersAdded: [{ id: '28:reset-assistant', name: 'Reset Assistant' }],
        channelData: { team: { id: SERVICE_DESK_TEAM, name: 'Servicedesk' }, tenant: { id: 'tenant-1' } },
      });

      // Flow 4: the password typed where the username goes (no symbols: it passes the username grammar),
      // then five digits at the code step.
      const fredrik = bot.user({ userId: '29:fredrik', name: 'Fredrik Fors' });
      turns.push(await fredrik.say('hej'), await fredrik.say(TYPED_AS_USERNAME));
      assert.match(turns.at(-1)!.text, /Om kontot finns/);
      turns.push(await fredrik.say(MISTYPED_CODE), await fredrik.say('avbryt'));

      // Flow 5: the live code with a digit too many, five of its six digits, then split 2+2+2 by spaces;
      // a new password inside a sentence, then set on the card.
      const david = bot.user({ aadObjectId: DAVID_AAD_OBJECT_ID, userId: '29:david', name: 'David Dahl' });
      turns.push(await david.say('hej'), await david.submit('account.own'));
      const code = bot.sms.latestCode();
      const spaced = `${code.slice(0, 2)} ${code.slice(2, 4)} ${code.slice(4)}`;
      turns.push(await david.say(`${code}1`), await david.say(code.slice(0, 5)), await david.say(spaced));
      turns.push(
        await david.submit('choice.newPassword'),
        await david.say(`nya lösenordet: ${IN_A_SENTENCE}`),
      );
      turns.push(
        await david.submit('password.submit', { newPassword: ACCEPTED, repeatPassword: ACCEPTED }),
        await david.submit('done.finish'),
      );
      assert.match(turns.at(-2)!.text, /lösenord är bytt/);

      // Flow 6: a code split 2+2+2 by dashes.
      const anna = bot.user({ aadObjectId: ANNA_AAD_OBJECT_ID, userId: '29:anna', name: 'Anna Svensson' });
      turns.push(await anna.say('hej'), await anna.submit('account.own'));
      const annasCode = bot.sms.latestCode();
      const dashed = `${annasCode.slice(0, 2)}-${annasCode.slice(2, 4)}-${annasCode.slice(4)}`;
      turns.push(await anna.say(dashed), await anna.submit('choice.unlock'));
      assert.match(turns.at(-1)!.text, /upplåst/);
      await bot.app.alerts.flush();

      const sinks = {
        ...(await allSinks(bot, turns)),
        ...connectorSinks(bot),
        ...(await serviceDeskPages(bot)),
      };
      const secrets = [
        code,
        `${code}1`,
        code.slice(0, 5),
        spaced,
        annasCode,
        dashed,
        MISTYPED_CODE,
        IN_A_SENTENCE,
        ACCEPTED,
        TYPED_AS_USERNAME,
      ];
      // The chat answers every name alike, whether an account exists or not, and shows the user what
      // they typed: that is their own screen, not a record (the one place the typed name may stand).
      const chat = new Set(['replies', 'connector']);
      const hits = Object.entries(sinks).flatMap(([sink, text]) =>
        secrets
          .filter((secret) => !(secret === TYPED_AS_USERNAME && chat.has(sink)))
          .filter((secret) => occurs(text, secret))
          .map((secret) => `${sink}: ${secret}`),
      );
      assert.deepEqual(hits, []);
      // Every sink was really written to, so an empty search means something.
      assert.ok(
        sinks['view']!.includes('dolt, matchade inget konto') && sinks['csv']!.includes('david.dahl'),
      );
      assert.match(sinks['alerts']!, /Larm/);
      assert.match(sinks['transcripts']!, /nya lösenordet: \[dolt\]/);
    });
  });
});
