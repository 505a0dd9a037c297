import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ActiveDirectory, type ActiveDirectoryOptions } from '../../src/ad/activeDirectory';
import { HistoryEnforcementUnsupportedError } from '../../src/ad/adErrors';
import {
  AccountNotWritableError,
  DirectoryUnavailableError,
  PasswordRejectedError,
} from '../../src/reset/errors';
import { memoryLogger } from '../support/memoryLog';
import { startSambaDc, type SambaDc } from '../support/samba';

describe('ActiveDirectory against a Samba AD DC', function () {
  this.timeout(90_000);
  let dc: SambaDc;
  let log: ReturnType<typeof memoryLogger>['log'];

  before(async () => {
    dc = await startSambaDc();
  });

  after(async () => {
    await dc?.stop();
  });

  function directory(overrides: Partial<ActiveDirectoryOptions> = {}): ActiveDirectory {
    const logged = memoryLogger('debug');
    log = logged.log;
    return new ActiveDirectory({
      urls: [dc.url],
      baseDn: dc.baseDn,
      bindDn: dc.service.dn,
      bindPassword: dc.service.password,
      ca: readFileSync(dc.caFile),
      timeoutMs: 3000,
      // Samba 4.17 does not implement the policy-hints control (see the test below).
      enforceHistory: false,
      allowProtected: false,
      logger: logged.logger,
      ...overrides,
    });
  }

  describe('when looking accounts up', () => {
    it('finds an employee by sAMAccountName, with the mobile number in E.164', async () => {
      const anna = await directory().findByUsername('anna.svensson');
      assert.equal(anna?.username, 'anna.svensson');
      assert.equal(anna?.displayName, 'Anna Svensson');
      assert.equal(anna?.upn, 'anna.svensson@reset.test');
      assert.equal(anna?.mobile, '+46701234567');
      assert.equal(anna?.enabled, true);
      assert.equal(anna?.locked, false);
      assert.equal(anna?.source, 'on-premises');
      assert.match(anna?.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    });

    it('finds by userPrincipalName, case-insensitively, and normalises "+46 (0)70…" and "0046…"', async () => {
      const ad = directory();
      assert.equal((await ad.findByUsername('Bertil.Berg@RESET.test'))?.mobile, '+46702223344');
      assert.equal((await ad.findByUsername('cecilia.ceder'))?.mobile, '+46705556677');
      const david = await ad.findByUsername('david.dahl');
      assert.equal(david?.username, 'david.dahl');
      assert.equal(david?.mobile, undefined);
    });

    it('reports a disabled account as not enabled', async () => {
      assert.equal((await directory().findByUsername('erik.slutat'))?.enabled, false);
    });

    for (const injection of [
      '*',
      'anna*',
      '*)(sAMAccountName=*',
      'x)(|(sAMAccountName=*)',
      '\\2a',
      'anna.svensson)(',
    ]) {
      it(`finds nothing for the injection string ${JSON.stringify(injection)}`, async () => {
        assert.equal(await directory().findByUsername(injection), undefined);
      });
    }

    it('treats a name that matches two accounts as unknown, and logs it', async () => {
      // One account's sAMAccountName is another one's UPN (Samba refuses duplicate UPNs and implied
      // ones in its own realm, not a partner suffix): the filter matches both.
      await dc.createEmployee({ username: 'kim@partner.ex', upn: 'kim.a@reset.test' });
      await dc.createEmployee({ username: 'kim.b', upn: 'kim@partner.ex' });
      assert.equal(await directory().findByUsername('kim@partner.ex'), undefined);
      assert.ok(log.entries().some((entry) => /several accounts/.test(String(entry['msg']))));
      assert.equal((await directory().findByUsername('kim.b'))?.upn, 'kim@partner.ex');
    });

    it('finds no account by Entra object id when no attribute for it is configured', async () => {
      assert.equal(await directory().findByAadObjectId('6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01'), undefined);
    });
  });

  describe('when an account is locked out by real failed sign-ins', () => {
    it('unlocks it: the old password signs in again', async () => {
      const user = await dc.createEmployee({ username: 'locked.lisa', mobile: '0701234000' });
      await dc.lockOut(user);
      const ad = directory();
      const before = await ad.findByUsername('locked.lisa');
      assert.equal(before?.locked, true);

      assert.equal(await ad.unlock(before), 'unlocked');

      assert.equal(await dc.tryBind(user.dn, user.password), 'ok');
      assert.equal((await ad.findByUsername('locked.lisa'))?.locked, false);
      assert.equal(await ad.unlock(before), 'was-not-locked');
    });
  });

  describe('when a new password is set', () => {
    it('sets it and unlocks in one go: the new one binds, the old one does not', async () => {
      const user = await dc.createEmployee({ username: 'reset.rut', mobile: '0701234001' });
      await dc.lockOut(user);
      const ad = directory();
      const account = (await ad.findByUsername('reset.rut'))!;

      await ad.setPassword(account, 'Kanelbulle42');

      assert.equal(await dc.tryBind(user.dn, 'Kanelbulle42'), 'ok');
      assert.equal(await dc.tryBind(user.dn, user.password), 'wrong-password');
      const after = await dc.read(user.dn, ['pwdLastSet', 'lockoutTime']);
      assert.notEqual(after['pwdLastSet'], '0', 'no change forced at next sign-in');
      assert.equal(after['lockoutTime'], '0');
    });

    it('rejects a password that breaks the domain policy, and leaves the old one working', async () => {
      const user = await dc.createEmployee({ username: 'policy.per' });
      const ad = directory();
      const account = (await ad.findByUsername('policy.per'))!;

      await assert.rejects(ad.setPassword(account, 'short'), (error: unknown) => {
        assert.ok(error instanceof PasswordRejectedError);
        assert.deepEqual(error.reasons, ['policy']);
        return true;
      });
      await assert.rejects(ad.setPassword(account, 'alllowercaseletters'), PasswordRejectedError);
      assert.equal(await dc.tryBind(user.dn, user.password), 'ok');
    });

    it('refuses cleanly with AD_ENFORCE_HISTORY=true, since Samba lacks the policy-hints control', async () => {
      const user = await dc.createEmployee({ username: 'history.hanna' });
      const ad = directory({ enforceHistory: true });
      const account = (await ad.findByUsername('history.hanna'))!;

      await assert.rejects(ad.setPassword(account, 'Kanelbulle42'), (error: unknown) => {
        assert.ok(error instanceof HistoryEnforcementUnsupportedError);
        assert.ok(error instanceof DirectoryUnavailableError, 'the user hears "directory unavailable"');
        assert.match(error.message, /AD_ENFORCE_HISTORY=false/);
        return true;
      });
      assert.equal(await dc.tryBind(user.dn, user.password), 'ok', 'the password is unchanged');
    });
  });

  describe('when the account may not be changed', () => {
    it('refuses a protected account (adminCount=1) unless AD_ALLOW_PROTECTED', async () => {
      const ad = directory();
      const admin = (await ad.findByUsername('admin.fredrik'))!;
      await assert.rejects(ad.setPassword(admin, 'Kanelbulle42'), /protected \(adminCount=1/);
      await assert.rejects(ad.unlock(admin), AccountNotWritableError);
      assert.equal(await dc.tryBind(dc.seeded.protectedAdmin.dn, dc.seeded.protectedAdmin.password), 'ok');
    });

    it('serves a protected account when AD_ALLOW_PROTECTED is set', async () => {
      const user = await dc.createEmployee({ username: 'admin.greta', protected: true });
      const ad = directory({ allowProtected: true });
      await ad.setPassword((await ad.findByUsername('admin.greta'))!, 'Kanelbulle42');
      assert.equal(await dc.tryBind(user.dn, 'Kanelbulle42'), 'ok');
    });

    it('refuses a disabled account', async () => {
      const ad = directory();
      const disabled = (await ad.findByUsername('erik.slutat'))!;
      await assert.rejects(ad.setPassword(disabled, 'Kanelbulle42'), /disabled/);
    });

    it('names the missing delegation when the service account lacks the rights', async () => {
      const helper = await dc.createEmployee({ username: 'no.rights' });
      const target = await dc.createEmployee({ username: 'target.tove' });
      const ad = directory({ bindDn: helper.dn, bindPassword: helper.password });
      const account = (await ad.findByUsername('target.tove'))!;
      await assert.rejects(ad.setPassword(account, 'Kanelbulle42'), (error: unknown) => {
        assert.ok(error instanceof AccountNotWritableError);
        assert.match(error.message, /Reset Password/);
        return true;
      });
      assert.equal(await dc.tryBind(target.dn, target.password), 'ok');
    });
  });

  describe('when asked for the manager of an account', () => {
    it('finds the user the manager attribute names', async () => {
      const ad = directory();
      const manager = await ad.findManager((await ad.findByUsername('anna.svensson'))!);
      assert.equal(manager?.username, 'bertil.berg');
      assert.equal(manager?.displayName, 'Bertil Berg');
      assert.equal(manager?.enabled, true);
      assert.equal(manager?.source, 'on-premises');
      assert.equal(manager?.id, (await ad.findByUsername('bertil.berg'))?.id);
    });

    it('finds none for an account without a manager', async () => {
      const ad = directory();
      assert.equal(await ad.findManager((await ad.findByUsername('david.dahl'))!), undefined);
    });

    it('finds none once the manager has been deleted', async () => {
      const manager = await dc.createEmployee({ username: 'chef.borta' });
      await dc.createEmployee({ username: 'rapport.rita', manager: manager.dn });
      const ad = directory();
      const rita = (await ad.findByUsername('rapport.rita'))!;
      assert.equal((await ad.findManager(rita))?.username, 'chef.borta');

      await dc.remove(manager.dn);

      assert.equal(await ad.findManager(rita), undefined);
    });

    it('returns a disabled manager as not enabled (whether to ask is the flow’s decision)', async () => {
      const manager = await dc.createEmployee({ username: 'chef.slutat', disabled: true });
      await dc.createEmployee({ username: 'rapport.rolf', manager: manager.dn });
      const ad = directory();
      const found = await ad.findManager((await ad.findByUsername('rapport.rolf'))!);
      assert.equal(found?.username, 'chef.slutat');
      assert.equal(found?.enabled, false);
    });

    it('finds the manager when both names hold LDAP filter characters', async () => {
      const manager = await dc.createEmployee({ username: 'lund (chef)' });
      await dc.createEmployee({ username: 'o(brien)', manager: manager.dn });
      const ad = directory();
      const obrien = await ad.findByUsername('o(brien)');
      assert.equal(obrien?.username, 'o(brien)');
      assert.equal((await ad.findManager(obrien))?.username, 'lund (chef)');
    });

    it('finds none for an account id it did not issue, without asking AD', async () => {
      const ref = { id: 'demo:anna', username: 'anna', upn: 'anna', source: 'cloud' as const };
      assert.equal(await directory({ urls: [await closedPortUrl()] }).findManager(ref), undefined);
    });

    it('gives DirectoryUnavailableError, logged, when no DC answers', async () => {
      const anna = (await directory().findByUsername('anna.svensson'))!;
      await assert.rejects(
        directory({ urls: [await closedPortUrl()] }).findManager(anna),
        DirectoryUnavailableError,
      );
      assert.ok(log.entries().some((entry) => /could not read the manager/.test(String(entry['msg']))));
    });
  });

  describe('when asked for the approvers', () => {
    const usernames = (accounts: readonly { username: string }[]) =>
      accounts.map((account) => account.username).sort();

    it('lists the enabled members of the group named by sAMAccountName, nested groups included', async () => {
      const approvers = await directory({ approverGroup: dc.seeded.approvers.name }).findApprovers();
      assert.deepEqual(usernames(approvers), ['bertil.berg', 'cecilia.ceder']);
      assert.ok(approvers.every((account) => account.enabled));
    });

    it('lists the same for the group given by its DN', async () => {
      const approvers = await directory({ approverGroup: dc.seeded.approvers.dn }).findApprovers();
      assert.deepEqual(usernames(approvers), ['bertil.berg', 'cecilia.ceder']);
    });

    it('lists only the nested group’s enabled member when that group is configured', async () => {
      const approvers = await directory({ approverGroup: dc.seeded.approvers.nestedDn }).findApprovers();
      assert.deepEqual(usernames(approvers), ['bertil.berg']);
    });

    it('lists nobody when no group is configured', async () => {
      assert.deepEqual(await directory().findApprovers(), []);
    });

    it('lists nobody, with a warning, for a group that does not exist', async () => {
      for (const group of ['IT-ombud (ingen)*', `CN=Borta,${dc.employeesDn}`]) {
        assert.deepEqual(await directory({ approverGroup: group }).findApprovers(), [], group);
        assert.ok(log.entries().some((entry) => /approver group is not in AD/.test(String(entry['msg']))));
      }
    });

    it('does not take a user’s DN for a group', async () => {
      assert.deepEqual(await directory({ approverGroup: dc.seeded.cecilia.dn }).findApprovers(), []);
    });
  });

  describe('when domain controllers are down', () => {
    let silent: Server;
    let silentUrl: string;
    const sockets: Socket[] = [];

    before(async () => {
      // Accepts TCP and then says nothing: a DC that hangs rather than refuses.
      silent = createServer((socket) => sockets.push(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentUrl = `ldaps://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });

    after(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    });

    it('fails over from a closed port to the next DC', async () => {
      const closed = await closedPortUrl();
      const anna = await directory({ urls: [closed, dc.url] }).findByUsername('anna.svensson');
      assert.equal(anna?.username, 'anna.svensson');
      assert.ok(log.entries().some((entry) => entry['url'] === closed && entry['level'] === 40));
    });

    it('fails over from a DC that hangs, within the timeout', async () => {
      const started = Date.now();
      const anna = await directory({ urls: [silentUrl, dc.url], timeoutMs: 1000 }).findByUsername(
        'anna.svensson',
      );
      assert.equal(anna?.username, 'anna.svensson');
      assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    });

    it('uses StartTLS on an ldap:// URL', async () => {
      const anna = await directory({ urls: [dc.startTlsUrl] }).findByUsername('anna.svensson');
      assert.equal(anna?.username, 'anna.svensson');
    });

    it('gives DirectoryUnavailableError quickly when every DC is down', async () => {
      const started = Date.now();
      await assert.rejects(
        directory({ urls: [await closedPortUrl(), silentUrl], timeoutMs: 1000 }).findByUsername(
          'anna.svensson',
        ),
        (error: unknown) => {
          assert.ok(error instanceof DirectoryUnavailableError);
          assert.match(error.message, /no domain controller answered/);
          return true;
        },
      );
      assert.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    });

    it('does not trust a DC whose certificate the configured CA did not issue', async () => {
      await assert.rejects(
        directory({ ca: undefined }).findByUsername('anna.svensson'),
        DirectoryUnavailableError,
      );
    });
  });
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ldaps://127.0.0.1:${port}`;
}
