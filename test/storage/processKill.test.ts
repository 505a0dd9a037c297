import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ANNA_AAD_OBJECT_ID } from '../support/botHarness';
import { ConnectorStub } from '../support/connectorStub';
import { HelpdeskClient } from '../support/serviceDesk';
import { SmsReceiver } from '../support/smsReceiver';
import { TeamsUser } from '../support/teamsUser';

const ENTRY = path.resolve(__dirname, '../../src/index.js');

interface BotProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** The real entry point in its own process, as an operator runs it, on the given SQLite file. */
async function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (!/one-time sign-in link/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot did not start:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, output: () => output };
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
    assert.equal(sms.received.length, 1, 'no second code was needed');

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
