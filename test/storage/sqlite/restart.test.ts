import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANNA_AAD_OBJECT_ID, startBot, type BotHarness } from '../../support/botHarness';

const PASSWORDS = {
  typedIntoChat: 'Chattlosen99',
  rejectedByPolicy: 'hemligtlosen',
  accepted: 'Xylofon-Hemlig7',
};

describe('the bot on SQLite storage', () => {
  let dir: string;
  let file: string;
  const bots: BotHarness[] = [];

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-restart-'));
    file = path.join(dir, 'reset-assistant.sqlite');
  });
  after(async () => {
    await Promise.all(bots.splice(0).map((bot) => bot.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const bot = await startBot({ STORAGE: 'sqlite', SQLITE_FILE: file });
    bots.push(bot);
    return bot;
  };

  describe('when the bot restarts after the code was sent', () => {
    let code: string;

    it('lets the user finish the case with the code from before the restart', async () => {
      const first = await start();
      const before = first.user({ aadObjectId: ANNA_AAD_OBJECT_ID });
      await before.say('hej');
      assert.match((await before.submit('account.own')).text, /slutar på ••05/);
      code = first.sms.latestCode();
      await first.stop();
      bots.splice(bots.indexOf(first), 1);

      const second = await start();
      const after = second.user({ aadObjectId: ANNA_AAD_OBJECT_ID, conversationId: before.conversationId });
      const choice = await after.say(code);
      assert.match(choice.text, /Ange ett nytt lösenord/);
      await after.submit('choice.newPassword');
      await after.say(PASSWORDS.typedIntoChat);
      let last;
      for (const password of [PASSWORDS.rejectedByPolicy, PASSWORDS.accepted]) {
        last = await after.submit('password.submit', { newPassword: password, repeatPassword: password });
      }
      assert.match(last?.text ?? '', /lösenord är bytt/);
      const [record] = await second.app.cases.list();
      assert.equal(record?.outcome, 'password-set');
      assert.equal(second.sms.received.length, 0, 'no new code was needed');
      assert.ok(record && second.app.audit.list(record.id).some((event) => event.type === 'code-sent'));
      assert.ok(
        second.logs.some((line) => line.includes('retention purge done')),
        'the purge job runs',
      );
    });

    it('leaves no code or password in the raw database file', async () => {
      assert.ok(code, 'the flow above ran');
      const second = bots.pop();
      await second?.stop();
      const bytes = [file, `${file}-wal`]
        .filter((candidate) => existsSync(candidate))
        .map((candidate) => readFileSync(candidate).toString('latin1'))
        .join('\n');
      // Written to: the transcript and the case are in there, so an empty search means something.
      assert.ok(bytes.includes('"outcome":"password-set"') && bytes.includes('Ange ett nytt'));
      const secrets = [code, ...Object.values(PASSWORDS), '+46701740605', '0701740605', '701740605'];
      assert.deepEqual(
        secrets.filter((secret) => bytes.includes(secret)),
        [],
      );
    });
  });
});
