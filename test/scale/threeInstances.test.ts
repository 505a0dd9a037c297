import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AcsEmulator, selfSignedCertificate } from '../support/acsEmulator';
import { freePort, spawnBot, waitForOutput, type BotProcess } from '../support/botProcess';
import { ConnectorStub } from '../support/connectorStub';
import { RoundRobinProxy } from '../support/roundRobinProxy';
import { TeamsUser } from '../support/teamsUser';
import { startAzurite, type Azurite } from '../storage/azure/azurite';

const HOURLY_BUDGET = 12;
const PER_ACCOUNT = 3;
const WRONG_CODES_PER_DAY = 4;

/** Demo accounts of their own, so each scenario has accounts no other one has spent SMS on. */
const ACCOUNTS = Array.from({ length: 24 }, (_, index) => {
  const n = String(index + 10);
  return {
    username: `user${n}`,
    displayName: `User ${n}`,
    upn: `user${n}@kommun.example`,
    mobile: `+467017406${n}`,
    locked: true,
    synced: true,
    aadObjectId: `00000000-0000-4000-8000-0000000000${n}`,
    enabled: true,
  };
});

describe('three bot instances on Azure Storage (Azurite) behind a round-robin proxy', function () {
  this.timeout(120_000);
  let dir: string;
  let azurite: Azurite;
  let acs: AcsEmulator;
  const connector = new ConnectorStub();
  let serviceUrl: string;
  let proxy: RoundRobinProxy;
  let proxyUrl: string;
  let env: Record<string, string>;
  const bots: BotProcess[] = [];
  let nextAccount = 0;

  async function startInstance(index: number, port: number): Promise<void> {
    const bot = spawnBot({ ...env, PORT: String(port) });
    bots[index] = bot;
    await waitForOutput(bot, /"msg":"listening"/, 60_000);
  }

  /** A person (with an account of their own, not used before) in a new personal chat with the bot. */
  function newPerson(): { user: TeamsUser; phone: string } {
    const account = ACCOUNTS[nextAccount++]!;
    return {
      user: new TeamsUser({
        botUrl: proxyUrl,
        serviceUrl,
        connector,
        aadObjectId: account.aadObjectId,
        userId: `29:${account.username}`,
        name: account.displayName,
      }),
      phone: account.mobile,
    };
  }

  /** The codes sent by SMS so far, to `phone` or to anyone. */
  function codesSent(phone?: string): string[] {
    return acs.requests.flatMap((request) => {
      const to = request.body?.smsRecipients[0]?.to;
      const code = /\b(\d{6})\b/.exec(request.body?.message ?? '')?.[1];
      return code !== undefined && (phone === undefined || to === phone) ? [code] : [];
    });
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reset-scale-'));
    const tls = await selfSignedCertificate();
    const caFile = path.join(dir, 'acs-ca.pem');
    writeFileSync(caFile, tls.cert);
    const directoryFile = path.join(dir, 'directory.json');
    writeFileSync(directoryFile, JSON.stringify({ users: ACCOUNTS }));
    [azurite, acs, serviceUrl] = await Promise.all([
      startAzurite({ persistent: true }),
      AcsEmulator.start(tls),
      connector.start(),
    ]);
    const ports = [await freePort(), await freePort(), await freePort()];
    proxy = new RoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
    proxyUrl = await proxy.start();
    env = {
      HOST: '127.0.0.1',
      PLAYGROUND: 'false',
      LOG_LEVEL: 'info',
      STORAGE: 'azure',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      DEMO_DIRECTORY_FILE: directoryFile,
      SMS_PROVIDER: 'acs',
      ACS_CONNECTION_STRING: acs.connectionString,
      SMS_FROM: 'Kommunen',
      NODE_EXTRA_CA_CERTS: caFile,
      // A real SMS provider without bot credentials: said explicitly (SECURITY.md).
      ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
      CODE_HASH_SECRET: 'scale-test-secret-scale-test-secret-0123',
      UNIFORM_ANSWER_MIN_MS: '0',
      NOTIFY_OWNER_SMS: 'false',
      SMS_PER_ACCOUNT_PER_HOUR: String(PER_ACCOUNT),
      SMS_HOURLY_BUDGET: String(HOURLY_BUDGET),
      WRONG_CODES_PER_ACCOUNT_PER_DAY: String(WRONG_CODES_PER_DAY),
    };
    await Promise.all(ports.map((port, index) => startInstance(index, port)));
  });

  after(async () => {
    for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
    await Promise.all([proxy?.stop(), acs?.stop(), connector.stop(), azurite?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    proxy.mode = 'round-robin';
  });

  describe('when every turn of a conversation lands on another instance', () => {
    it('completes the case as on one instance', async () => {
      const { user, phone } = newPerson();

      await user.say('hej');
      assert.match((await user.submit('account.own')).text, /slutar på ••\d\d/);
      const choice = await user.say(codesSent(phone)[0]!);
      assert.match(choice.text, /Behåll ditt nuvarande lösenord/);
      const done = await user.submit('choice.unlock');
      assert.match(done.text, /Ditt konto är nu upplåst/);

      const served = proxy.servedBy(4);
      assert.equal(new Set(served.slice(0, 3)).size, 3, `turns served by ${served.join(', ')}`);
      assert.notEqual(served[3], served[2]);
      assert.equal(codesSent(phone).length, 1);
    });
  });

  describe('when one activity is delivered to all three instances at once', () => {
    it('sends one SMS and gives one answer', async () => {
      const { user, phone } = newPerson();
      await user.say('hej');

      proxy.mode = 'all';
      const turn = await user.submit('account.own');

      assert.deepEqual(proxy.forwarded.at(-1)?.instances.length, 3, 'all three got it');
      assert.equal(codesSent(phone).length, 1);
      assert.equal(turn.connectorCalls, 1, turn.text);
      assert.match(turn.text, /slutar på/);
    });
  });

  describe('when one account asks for codes on every instance', () => {
    it('holds the per-account limit across them', async () => {
      const { user: first, phone } = newPerson();
      const person = { aadObjectId: ACCOUNTS[nextAccount - 1]!.aadObjectId };
      const answers: string[] = [];
      for (let attempt = 0; attempt <= PER_ACCOUNT; attempt++) {
        // A new chat each time (a case ends its chat's flow); the same person and account.
        const user =
          attempt === 0
            ? first
            : new TeamsUser({ botUrl: proxyUrl, serviceUrl, connector, ...person, userId: '29:same' });
        await user.say('hej');
        answers.push((await user.submit('account.own')).text);
      }

      assert.equal(codesSent(phone).length, PER_ACCOUNT);
      assert.match(answers.at(-1)!, /för många koder/);
      assert.equal(new Set(proxy.servedBy(2 * (PER_ACCOUNT + 1))).size, 3, 'all three instances took part');
    });
  });

  describe('when wrong codes are typed on different instances', () => {
    it('holds the three tries of a code and the daily wrong codes of the account across them', async () => {
      const { user, phone } = newPerson();
      const person = { aadObjectId: ACCOUNTS[nextAccount - 1]!.aadObjectId, userId: '29:guesser' };
      await user.say('hej');
      await user.submit('account.own');
      const code = codesSent(phone)[0]!;
      const wrong = code === '000000' ? '111111' : '000000';

      const answers = [];
      for (let attempt = 0; attempt < 3; attempt++) answers.push((await user.say(wrong)).text);
      const afterwards = await user.say(code);
      assert.match(answers[0]!, /2 försök kvar/);
      assert.match(answers[1]!, /1 försök kvar/);
      assert.match(answers[2]!, /för många gånger/);
      assert.doesNotMatch(afterwards.text, /Behåll ditt nuvarande lösenord/);
      assert.equal(new Set(proxy.servedBy(4)).size, 3);

      // A new case in a new chat: the account's fourth wrong code is its last of the day.
      const again = new TeamsUser({ botUrl: proxyUrl, serviceUrl, connector, ...person });
      await again.say('hej');
      await again.submit('account.own');
      const newCode = codesSent(phone)[1]!;
      await again.say(newCode === '000000' ? '111111' : '000000');
      const refused = await again.say(newCode);

      assert.match(refused.text, /För många felaktiga koder har angetts för det här kontot/);
      assert.equal(new Set(proxy.servedBy(5)).size, 3);
    });
  });

  describe('when the instance that sent the code is killed mid-case', () => {
    it('finishes the case on the others with the same code', async () => {
      const { user, phone } = newPerson();
      await user.say('hej');
      await user.submit('account.own');
      const [victim] = proxy.servedBy(1);
      const killed = bots[victim!]!;

      killed.child.kill('SIGKILL');
      await once(killed.child, 'exit');
      const choice = await user.say(codesSent(phone)[0]!);
      const done = await user.submit('choice.unlock');

      assert.match(choice.text, /Behåll ditt nuvarande lösenord/);
      assert.match(done.text, /Ditt konto är nu upplåst/);
      assert.equal(codesSent(phone).length, 1, 'no second code was needed');
      assert.ok(!proxy.servedBy(2).includes(victim!));
      // Back to three for what follows, on the same address.
      await startInstance(victim!, Number(new URL(proxy.instances[victim!]!).port));
    });
  });

  describe('when Azure Storage is down for a while mid-case', () => {
    it('answers clearly while it is down and loses nothing', async () => {
      const { user, phone } = newPerson();
      await user.say('hej');
      await user.submit('account.own');
      const code = codesSent(phone)[0]!;

      await azurite.halt();
      const asked = Date.now();
      const whileDown = await user.say(code);
      const tookMs = Date.now() - asked;
      await azurite.resume();
      const choice = await user.say(code);
      const done = await user.submit('choice.unlock');

      assert.match(whileDown.text, /Något gick fel hos oss, och inget har ändrats. Försök igen om en stund/);
      assert.ok(tookMs < 15_000, `answered in ${tookMs} ms, within Teams' 15 s`);
      assert.match(choice.text, /Behåll ditt nuvarande lösenord/);
      assert.match(done.text, /Ditt konto är nu upplåst/);
      assert.equal(codesSent(phone).length, 1);
    });
  });

  describe('when the hourly SMS budget runs out with all instances sending at once', () => {
    it('sends exactly the budget and refuses the rest', async () => {
      const left = HOURLY_BUDGET - codesSent().length;
      assert.ok(left > 0, 'the scenarios before left some budget');
      const people = Array.from({ length: left + 2 }, () => newPerson());
      for (const { user } of people) await user.say('hej');

      const answers = await Promise.all(people.map(({ user }) => user.submit('account.own')));

      assert.equal(codesSent().length, HOURLY_BUDGET);
      assert.equal(answers.filter((turn) => /slutar på/.test(turn.text)).length, left);
      assert.equal(answers.filter((turn) => /kunde inte skicka SMS/.test(turn.text)).length, 2);
    });
  });
});
