import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANNA_AAD_OBJECT_ID } from '../../support/botHarness';
import { freePort, spawnBot, waitForOutput, type BotProcess } from '../../support/botProcess';
import { ConnectorStub } from '../../support/connectorStub';
import { HelpdeskClient } from '../../support/serviceDesk';
import { SmsReceiver } from '../../support/smsReceiver';
import { TeamsUser } from '../../support/teamsUser';

/** The real entry point in its own process, ready once it has printed the service desk's link. */
async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const bot = spawnBot(env);
  await waitForOutput(bot, /one-time sign-in link/).catch((error: unknown) => {
    bot.child.kill('SIGKILL');
    throw error;
  });
  return bot;
}

describe('the bot process killed mid-conversation (SQLite)', () => {
  let dir: string;
  const sms = new SmsReceiver();
  const connector = new ConnectorStub();
  let env: Record<string, string>;
  let botUrl: string;
  let serviceUrl: string;
  const running: ChildProcess[] = [];

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-kill-'));
    const [smsUrl, connectorUrl, port] = await Promise.all([sms.start(), connector.start(), freePort()]);
    serviceUrl = connectorUrl;
    botUrl = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      HOST: '127.0.0.1',
      PLAYGROUND: 'false',
      LOG_LEVEL: 'info',
      STORAGE: 'sqlite',
      SQLITE_FILE: path.join(dir, 'reset-assistant.sqlite'),
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: smsUrl,
      // A real SMS provider without bot credentials: said explicitly (SECURITY.md).
      ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
      CODE_HASH_SECRET: 'kill-test-secret-kill-test-secret-0123456',
      UNIFORM_ANSWER_MIN_MS: '0',
    };
  });

  after(async () => {
    for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
    await Promise.all([sms.stop(), connector.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes the case with the code sent before SIGKILL, and the service desk sees all of it', async () => {
    const first = await startBotProcess(env);
    running.push(first.child);
    const anna = new TeamsUser({ botUrl, serviceUrl, connector, aadObjectId: ANNA_AAD_OBJECT_ID });
    await anna.say('hej');
    assert.match((await anna.submit('account.own')).text, /slutar på ••05/);
    const code = sms.latestCode();

    first.child.kill('SIGKILL');
    await once(first.child, 'exit');

    const second = await startBotProcess(env);
    running.push(second.child);
    const choice = await anna.say(code);
    assert.match(choice.text, /Behåll ditt nuvarande lösenord/);
    const done = await anna.submit('choice.unlock');
    assert.match(done.text, /Ditt konto är nu upplåst/);
    // The owner's change notice (NOTIFY_OWNER_SMS, on by default) carries no code.
    const codes = sms.received.filter((message) => /\b\d{6}\b/.test(message.message));
    assert.equal(codes.length, 1, 'no second code was needed');

    const link = /one-time sign-in link\): (\S+)/.exec(second.output())![1]!;
    const desk = new HelpdeskClient(botUrl);
    await desk.signInWith(link);
    const list = await (await desk.get('/helpdesk/cases')).text();
    assert.match(list, /anna\.svensson[\s\S]*Upplåst/);
    const caseLink = /href="(\/helpdesk\/cases\/[0-9a-f-]{36})"/.exec(list)![1]!;
    const casePage = await (await desk.get(caseLink)).text();
    assert.match(casePage, /Kod skickad med SMS[\s\S]*Rätt kod angiven/);
    assert.match(
      casePage,
      /class="bubble from-user[\s\S]*hej/,
      'the transcript from before the kill is there',
    );
    assert.ok(!casePage.includes(code) && !second.output().includes(code) && !first.output().includes(code));

    second.child.kill('SIGTERM');
    const [exitCode] = (await once(second.child, 'exit')) as [number | null];
    assert.equal(exitCode, 0);
  });
});
