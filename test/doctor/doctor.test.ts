import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/config';
import { runDoctor, type DoctorReport } from '../../src/doctor';
import { ANNA, emulatorSettings } from '../graph/fixture';
import { GraphEmulator } from '../support/graphEmulator';
import { memoryLogger } from '../support/memoryLog';
import { startSambaDc, type SambaDc } from '../support/samba';

const run = promisify(execFile);
const DOCTOR_SCRIPT = path.resolve(__dirname, '../../scripts/doctor.js');

/** An SMS gateway that only records what reaches it: the doctor may knock, never send. */
async function startGateway(): Promise<{
  url: string;
  requests: IncomingMessage['method'][];
  server: Server;
}> {
  const requests: IncomingMessage['method'][] = [];
  const server = createServer((req, res) => {
    requests.push(req.method);
    res.statusCode = 405;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/sms`, requests, server };
}

function marks(report: DoctorReport): string[] {
  return report.sections.flatMap((section) =>
    section.results.map((result) => `${result.status} ${section.heading}: ${result.title}`),
  );
}

describe('npm run doctor', function () {
  this.timeout(120_000);
  const emulator = new GraphEmulator([ANNA]);
  let dc: SambaDc;
  let gateway: Awaited<ReturnType<typeof startGateway>>;

  before(async () => {
    await emulator.start();
    gateway = await startGateway();
    dc = await startSambaDc();
  });

  after(async () => {
    await dc?.stop();
    await emulator.stop();
    gateway?.server.close();
  });

  function settings(overrides: Record<string, string> = {}): Record<string, string> {
    return emulatorSettings(emulator, {
      CODE_HASH_SECRET: 'x'.repeat(32),
      ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
      DIRECTORY: 'hybrid',
      ...dc.adSettings(),
      SMS_PROVIDER: 'webhook',
      SMS_WEBHOOK_URL: gateway.url,
      DOCTOR_TEST_ACCOUNT: 'anna.svensson',
      ...overrides,
    });
  }

  const doctor = (overrides: Record<string, string> = {}) =>
    runDoctor(loadConfig(settings(overrides)), memoryLogger().logger);

  describe('when the configuration is right', () => {
    it('passes every check without changing or sending anything, and exits 0', async () => {
      const before = await dc.read(dc.seeded.anna.dn, ['lockoutTime', 'pwdLastSet', 'whenChanged']);
      emulator.reset();
      gateway.requests.length = 0;

      const { stdout } = await run(process.execPath, [DOCTOR_SCRIPT], {
        env: { PATH: process.env['PATH'] ?? '', ...settings() },
      });

      assert.doesNotMatch(stdout, /✗/);
      for (const check of [
        /✓ Get a Graph token/,
        /✓ Look up anna\.svensson: synced from AD/,
        /✓ SMS number of the test account: ends in ••05/,
        /✓ Connect over TLS and bind: bound as CN=svc-reset/,
        /✓ Find anna\.svensson: CN=anna\.svensson/,
        /✓ Write lockoutTime \(unlock\)/,
        /✓ Reset Password right \(new password\): granted/,
        // Samba, like AD, lets SELF write the Personal-Information property set (mobile) by default.
        /! Employees cannot write their own mobile \(SMS number\): the account itself \(SELF\) may write it on anna\.svensson \(through the Personal-Information property set\)/,
        /✓ Reach http:\/\/127\.0\.0\.1:\d+: answered HTTP 405 to HEAD/,
      ])
        assert.match(stdout, check);
      assert.match(stdout, /checks passed/);
      assert.deepEqual(gateway.requests, ['HEAD'], 'no SMS sent');
      assert.deepEqual(emulator.graphRequests('PATCH'), []);
      assert.deepEqual(
        await dc.read(dc.seeded.anna.dn, ['lockoutTime', 'pwdLastSet', 'whenChanged']),
        before,
      );
    });
  });

  describe('when the AD bind password is wrong', () => {
    it('fails the bind with the settings to fix, and exits 1', async () => {
      const report = await doctor({ AD_BIND_PASSWORD: 'Wrong-Password-1' });

      const bind = report.sections.find((section) => section.heading.startsWith('Active Directory'))
        ?.results[0];
      assert.equal(bind?.status, 'fail');
      assert.match(bind?.fix ?? '', /AD_BIND_DN and AD_BIND_PASSWORD/);
      assert.equal(report.exitCode, 1);
      assert.match(report.text, /✗ Connect over TLS and bind: the DC refused the service account/);
    });
  });

  describe('when one of the domain controllers cannot be reached', () => {
    it('checks each DC separately and fails only the unreachable one', async () => {
      const report = await doctor({ AD_URLS: `ldaps://127.0.0.1:1,${dc.url}`, AD_TIMEOUT_MS: '1000' });

      assert.ok(
        marks(report).includes('fail Active Directory ldaps://127.0.0.1:1: Connect over TLS and bind'),
      );
      assert.ok(
        marks(report).includes(`pass Active Directory ${dc.url}: Reset Password right (new password)`),
      );
      assert.match(report.text, /→ check the URL in AD_URLS/);
      assert.equal(report.exitCode, 1);
    });
  });

  describe('when the service account lacks the delegation', () => {
    it('fails both rights with the delegation to make', async () => {
      // The administrator is no delegate: Samba reports its rights through group membership, so bind as
      // an ordinary employee instead, who may neither unlock nor reset a colleague.
      const report = await doctor({
        AD_BIND_DN: dc.seeded.bertil.dn,
        AD_BIND_PASSWORD: dc.seeded.bertil.password,
      });

      const rights = marks(report).filter((line) => /lockoutTime|Reset Password/.test(line));
      assert.deepEqual(rights, [
        `fail Active Directory ${dc.url}: Write lockoutTime (unlock)`,
        `fail Active Directory ${dc.url}: Reset Password right (new password)`,
      ]);
      assert.match(report.text, /→ delegate "Reset Password" on the employees' OU/);
    });
  });

  describe('when APPROVER_GROUP names the group whose members vouch for people without a manager', () => {
    afterEach(() => {
      emulator.organisation.clear();
      emulator.reset();
    });

    it('reads it as manager approval does and counts its enabled members', async () => {
      emulator.organisation.addGroup({ id: 'group-it-ombud', displayName: 'IT-ombud', members: [ANNA.id] });

      const report = await doctor({ APPROVER_GROUP: 'IT-ombud' });

      assert.ok(
        marks(report).includes('pass Manager approval: Read the approver group IT-ombud (APPROVER_GROUP)'),
      );
      assert.match(report.text, /1 enabled member/);
    });

    it('fails a group that is not there, saying what to give', async () => {
      const report = await doctor({ APPROVER_GROUP: 'Ingen sådan grupp' });

      assert.ok(
        marks(report).includes(
          'fail Manager approval: Read the approver group Ingen sådan grupp (APPROVER_GROUP)',
        ),
      );
      assert.match(report.text, /exact display name/);
      assert.equal(report.exitCode, 1);
    });

    it('fails when the group members may not be read, naming the permission', async () => {
      emulator.organisation.addGroup({ id: 'group-it-ombud', displayName: 'IT-ombud', members: [ANNA.id] });
      emulator.deny('GroupMember.Read.All');

      const report = await doctor({ APPROVER_GROUP: 'IT-ombud' });

      assert.ok(
        marks(report).includes('fail Manager approval: Read the approver group IT-ombud (APPROVER_GROUP)'),
      );
      assert.match(report.text, /GroupMember\.Read\.All/);
    });

    it('leaves the section out when no group is set', async () => {
      const report = await doctor();

      assert.ok(!report.sections.some((section) => section.heading === 'Manager approval'));
    });
  });

  describe('when Graph refuses the app credential', () => {
    it('fails the token with the settings to fix', async () => {
      const report = await doctor({ GRAPH_CLIENT_SECRET: 'not-the-secret' });

      assert.match(report.text, /✗ Get a Graph token/);
      assert.match(report.text, /→ check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the secret/);
      assert.equal(report.exitCode, 1);
    });
  });
});
