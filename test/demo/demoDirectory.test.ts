import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import {
  DemoDirectory,
  DemoDirectoryFileError,
  loadDemoDirectory,
  SAMPLE_DIRECTORY_PATH,
  type DemoDirectoryFile,
} from '../../src/demo/demoDirectory';
import type { Account } from '../../src/reset/account';
import { AccountNotWritableError, PasswordRejectedError } from '../../src/reset/errors';
import type { AccountRef } from '../../src/reset/ports';

type UserInFile = DemoDirectoryFile['users'][number];

function user(overrides: Partial<UserInFile> = {}): UserInFile {
  return {
    username: 'anna.svensson',
    displayName: 'Anna Svensson',
    upn: 'anna.svensson@kommun.example',
    mobile: '+46701740605',
    locked: true,
    synced: true,
    ...overrides,
  };
}

async function directoryOf(...users: UserInFile[]): Promise<DemoDirectory> {
  return DemoDirectory.create({ users });
}

async function lookUp(directory: DemoDirectory, username: string): Promise<Account> {
  const account = await directory.findByUsername(username);
  assert.ok(account, `${username} should exist`);
  return account;
}

function rejectedFor(...reasons: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof PasswordRejectedError, String(error));
    assert.deepEqual(error.reasons, reasons);
    return true;
  };
}

function problemsOf(error: unknown): readonly string[] {
  assert.ok(error instanceof DemoDirectoryFileError, String(error));
  return error.problems;
}

describe('DemoDirectory', () => {
  describe('when the bundled sample is loaded', () => {
    it('holds the accounts the demo walks through', async () => {
      const directory = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);

      const anna = await lookUp(directory, 'anna.svensson');
      assert.equal(anna.locked, true);
      assert.equal(anna.source, 'on-premises');
      assert.ok(anna.mobile && anna.aadObjectId);
      assert.deepEqual(await directory.findByAadObjectId(anna.aadObjectId), anna);
      const bertil = await lookUp(directory, 'bertil.berg');
      assert.equal(bertil.locked, false);
      assert.ok(bertil.mobile);
      assert.equal((await lookUp(directory, 'cecilia.ceder')).mobile, undefined);
      assert.equal((await lookUp(directory, 'david.dahl')).source, 'cloud');
      assert.equal((await lookUp(directory, 'erik.ek')).enabled, false);
    });

    it('uses only the numbers PTS reserves for fiction (070-174 06 05 to 06 99)', async () => {
      const directory = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);
      for (const username of ['anna.svensson', 'bertil.berg', 'david.dahl', 'erik.ek']) {
        const { mobile } = await lookUp(directory, username);
        const last = Number(mobile?.slice(-3));
        assert.ok(mobile?.startsWith('+46701740') && last >= 605 && last <= 699, `${username}: ${mobile}`);
      }
    });

    it('refuses anna a previous password, so history can be shown', async () => {
      const directory = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);

      await assert.rejects(
        directory.setPassword(await lookUp(directory, 'anna.svensson'), 'Sommar2024'),
        rejectedFor('history'),
      );
    });
  });

  describe('when an account is looked up by username', () => {
    it('finds it by sAMAccountName or UPN, ignoring case and surrounding spaces', async () => {
      const directory = await directoryOf(user());

      for (const typed of [
        'anna.svensson',
        '  ANNA.Svensson ',
        'anna.svensson@kommun.example',
        'Anna.Svensson@Kommun.Example',
      ]) {
        assert.equal((await directory.findByUsername(typed))?.username, 'anna.svensson', typed);
      }
    });

    it('finds nothing for an unknown name, a partial name or an empty one', async () => {
      const directory = await directoryOf(user());

      for (const typed of ['bertil.berg', 'anna', 'anna.svensson@kommun', '', '   ']) {
        assert.equal(await directory.findByUsername(typed), undefined, typed);
      }
    });

    it('maps the entry to the domain account, without any password data', async () => {
      const directory = await directoryOf(
        user({ mobile: '+46 70-174 06 05', aadObjectId: '6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01' }),
        user({ username: 'david.dahl', upn: 'david.dahl@kommun.example', synced: false, mobile: undefined }),
      );

      assert.deepEqual(await directory.findByUsername('anna.svensson'), {
        id: 'anna.svensson',
        username: 'anna.svensson',
        displayName: 'Anna Svensson',
        upn: 'anna.svensson@kommun.example',
        source: 'on-premises',
        enabled: true,
        locked: true,
        mobile: '+46701740605',
        aadObjectId: '6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01',
      });
      const david = await lookUp(directory, 'david.dahl');
      assert.equal(david.source, 'cloud');
      assert.equal('mobile' in david, false);
    });

    it('hands out snapshots that a later change or a caller cannot alter', async () => {
      const directory = await directoryOf(user());
      const before = await lookUp(directory, 'anna.svensson');

      await directory.unlock(before);

      assert.equal(before.locked, true);
      assert.throws(() => Object.assign(before, { locked: false }), TypeError);
      assert.equal((await lookUp(directory, 'anna.svensson')).locked, false);
    });
  });

  describe('when an account is looked up by Entra object id', () => {
    it('finds it whatever the case of the GUID, and nothing for another id', async () => {
      const directory = await directoryOf(user({ aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' }));

      assert.equal(
        (await directory.findByAadObjectId('6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01'))?.username,
        'anna.svensson',
      );
      assert.equal(await directory.findByAadObjectId('00000000-0000-4000-8000-000000000000'), undefined);
      assert.equal(await directory.findByAadObjectId(''), undefined);
    });
  });

  describe('when an on-premises account is unlocked', () => {
    it('unlocks it, and says so the first time only', async () => {
      const directory = await directoryOf(user({ locked: true }));
      const anna = await lookUp(directory, 'anna.svensson');

      assert.equal(await directory.unlock(anna), 'unlocked');
      assert.equal((await lookUp(directory, 'anna.svensson')).locked, false);
      assert.equal(await directory.unlock(anna), 'was-not-locked');
    });
  });

  describe('when a cloud-only account is unlocked', () => {
    it('answers that the lockout expires by itself, and the account shows as unlocked', async () => {
      const directory = await directoryOf(user({ synced: false, locked: true }));
      const anna = await lookUp(directory, 'anna.svensson');

      assert.equal(await directory.unlock(anna), 'cloud-lockout-expires-by-itself');
      assert.equal((await lookUp(directory, 'anna.svensson')).locked, false);
      assert.equal(await directory.unlock(anna), 'cloud-lockout-expires-by-itself');
    });
  });

  describe('when the account is disabled', () => {
    it('refuses to unlock it or set its password, and leaves it locked', async () => {
      const directory = await directoryOf(user({ enabled: false, locked: true }));
      const anna = await lookUp(directory, 'anna.svensson');

      await assert.rejects(directory.unlock(anna), AccountNotWritableError);
      await assert.rejects(directory.setPassword(anna, 'Host2025!x'), AccountNotWritableError);
      assert.equal((await lookUp(directory, 'anna.svensson')).locked, true);
    });
  });

  describe('when a write names an account the directory does not hold', () => {
    it('refuses with a non-recoverable AccountNotWritableError', async () => {
      const directory = await directoryOf(user());
      const gone: AccountRef = {
        id: 'old.user',
        username: 'old.user',
        upn: 'old.user@kommun.example',
        source: 'on-premises',
      };

      for (const write of [() => directory.unlock(gone), () => directory.setPassword(gone, 'Host2025!x')]) {
        await assert.rejects(write(), (error: unknown) => {
          assert.ok(error instanceof AccountNotWritableError);
          assert.equal(error.recoverable, false);
          assert.match(error.message, /old\.user is not in the directory/);
          return true;
        });
      }
    });
  });

  describe('when a new password is set', () => {
    it('sets it, unlocks the account, and then refuses it as history', async () => {
      const directory = await directoryOf(user({ locked: true }));
      const anna = await lookUp(directory, 'anna.svensson');

      await directory.setPassword(anna, 'Host2025!x');

      assert.equal((await lookUp(directory, 'anna.svensson')).locked, false);
      await assert.rejects(directory.setPassword(anna, 'Host2025!x'), rejectedFor('history'));
    });

    it('refuses a password from the file history and leaves the account locked', async () => {
      const directory = await directoryOf(user({ previousPasswords: ['Vinter2023', 'Sommar2024'] }));
      const anna = await lookUp(directory, 'anna.svensson');

      await assert.rejects(directory.setPassword(anna, 'Vinter2023'), rejectedFor('history'));
      assert.equal((await lookUp(directory, 'anna.svensson')).locked, true);
      await directory.setPassword(anna, 'sommar2024');
    });

    it('refuses fewer than 8 characters for complexity, naming history too when both apply', async () => {
      const directory = await directoryOf(user({ previousPasswords: ['Kort1'] }));
      const anna = await lookUp(directory, 'anna.svensson');

      await assert.rejects(directory.setPassword(anna, 'Abc1234'), rejectedFor('complexity'));
      await assert.rejects(directory.setPassword(anna, 'Kort1'), rejectedFor('complexity', 'history'));
    });

    it('remembers the last 24 passwords, as AD does', async function () {
      this.timeout(30_000);
      const previousPasswords = Array.from({ length: 25 }, (_, i) => `Gammalt${i + 1}x`);
      const directory = await directoryOf(user({ previousPasswords }));
      const anna = await lookUp(directory, 'anna.svensson');

      // The file held one more than AD keeps, so the oldest was never remembered.
      await directory.setPassword(anna, 'Gammalt1x');
      // Setting it pushed the next oldest out.
      await directory.setPassword(anna, 'Gammalt2x');
      await assert.rejects(directory.setPassword(anna, 'Gammalt4x'), rejectedFor('history'));
    });

    it('lets only one of two simultaneous resets to the same password through', async () => {
      const directory = await directoryOf(user());
      const anna = await lookUp(directory, 'anna.svensson');

      const results = await Promise.allSettled([
        directory.setPassword(anna, 'Host2025!x'),
        directory.setPassword(anna, 'Host2025!x'),
      ]);

      assert.deepEqual(
        results.map((result) => result.status),
        ['fulfilled', 'rejected'],
      );
      const [, second] = results;
      assert.ok(second?.status === 'rejected' && rejectedFor('history')(second.reason));
    });

    it('keeps no password in plain text', async () => {
      const directory = await directoryOf(user({ previousPasswords: ['Vinter2023'] }));
      await directory.setPassword(await lookUp(directory, 'anna.svensson'), 'Host2025!x');

      const everything = inspect(directory, { depth: Infinity, showHidden: true, maxArrayLength: Infinity });

      assert.match(everything, /anna\.svensson/);
      assert.doesNotMatch(everything, /Vinter2023|Host2025/);
    });
  });

  describe('when a user names a manager', () => {
    it('finds the manager as an account, and nobody for a user without one', async () => {
      const directory = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);
      const frida = await lookUp(directory, 'frida.fors');
      assert.equal(frida.mobile, undefined);
      assert.equal(frida.department, 'Socialförvaltningen');
      assert.equal((await directory.findManager(frida))?.username, 'bertil.berg');
      assert.equal(await directory.findManager(await lookUp(directory, 'anna.svensson')), undefined);
    });

    it('refuses a manager or approver that is not in the file, and a user who manages themselves', async () => {
      const error = await DemoDirectory.create({
        users: [
          user({ manager: 'nobody.here' }),
          user({ username: 'bo.ek', upn: 'bo.ek@kommun.example', manager: 'BO.EK' }),
        ],
        approvers: ['ghost'],
      }).catch((rejection: unknown) => rejection);
      assert.deepEqual(problemsOf(error), [
        'users[0].manager: "nobody.here" is not a username in the file',
        'users[1].manager: a user cannot be their own manager',
        'approvers[0]: "ghost" is not a username in the file',
      ]);
    });

    it('lists the enabled approvers, standing in for the approver group', async () => {
      const directory = await DemoDirectory.create({
        users: [
          user(),
          user({ username: 'it.rep', upn: 'it.rep@kommun.example' }),
          user({ username: 'old.rep', upn: 'old.rep@kommun.example', enabled: false }),
        ],
        approvers: ['IT.rep', 'old.rep'],
      });
      assert.deepEqual(
        (await directory.findApprovers()).map((account) => account.username),
        ['it.rep'],
      );
    });
  });

  describe('when the data has problems', () => {
    it('lists every problem by its JSON path in one error', async () => {
      const data = {
        users: [
          user(),
          user({ username: 'Anna.Svensson', upn: 'anna.svensson@KOMMUN.example', mobile: '0701740605' }),
          {
            ...user({ username: 'bertil berg', upn: 'bertil', aadObjectId: 'not-a-guid' }),
            mobil: '+46701740606',
          },
          { username: 'cecilia.ceder', displayName: '', upn: 'cecilia.ceder@kommun.example', synced: 'yes' },
        ],
      };

      const error = await DemoDirectory.create(data).then(
        () => assert.fail('should have been refused'),
        (rejection: unknown) => rejection,
      );

      const problems = problemsOf(error);
      const expected = [
        /^users\[1\]\.mobile: not an E\.164 number$/,
        /^users\[2\]\.username: not a username/,
        /^users\[2\]\.upn: not a user principal name/,
        /^users\[2\]\.aadObjectId: not a GUID$/,
        /^users\[2\]: Unrecognized key\(s\) in object: 'mobil'$/,
        /^users\[3\]\.displayName: must not be empty$/,
        /^users\[3\]\.locked: Required$/,
        /^users\[3\]\.synced: Expected boolean, received string$/,
        /^users\[1\]\.username: "Anna\.Svensson" is already used by users\[0\]$/,
        /^users\[1\]\.upn: "anna\.svensson@KOMMUN\.example" is already used by users\[0\]$/,
      ];
      for (const pattern of expected) {
        assert.ok(
          problems.some((problem) => pattern.test(problem)),
          `${String(pattern)} not in:\n${problems.join('\n')}`,
        );
      }
      assert.equal(problems.length, expected.length, problems.join('\n'));
      assert.ok(error instanceof Error && problems.every((problem) => error.message.includes(problem)));
    });

    it('refuses duplicate Entra object ids, whatever their case', async () => {
      const error = await directoryOf(
        user({ aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' }),
        user({
          username: 'bertil.berg',
          upn: 'bertil.berg@kommun.example',
          aadObjectId: '6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01',
        }),
      ).catch((rejection: unknown) => rejection);

      assert.deepEqual(problemsOf(error), [
        'users[1].aadObjectId: "6F1C2B9E-3D4A-4C1B-9A7E-2F5D8C0B1A01" is already used by users[0]',
      ]);
    });

    it('says so when the top level is not the expected object', async () => {
      for (const data of [[], null, { users: [], extra: true }]) {
        const error = await DemoDirectory.create(data).catch((rejection: unknown) => rejection);

        assert.ok(problemsOf(error).length > 0, JSON.stringify(data));
        assert.ok(
          problemsOf(error).every((problem) => problem.startsWith('(top level)')),
          problemsOf(error).join(),
        );
      }
    });
  });

  describe('when the file cannot be used', () => {
    let dir: string;

    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'demo-directory-'));
    });

    afterEach(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('names the file and the position of a JSON syntax error, but not the text around it', async () => {
      const file = path.join(dir, 'users.json');
      await writeFile(file, '{\n  "users": [\n    { "previousPasswords": ["Hemligt123"] ]\n}\n');

      const error = await loadDemoDirectory(file).catch((rejection: unknown) => rejection);

      assert.ok(error instanceof DemoDirectoryFileError);
      assert.match(
        error.message,
        new RegExp(`^${file.replace(/[.\\]/g, '\\$&')} is not a usable demo directory`),
      );
      assert.deepEqual(error.problems, ['not valid JSON at line 3, column 43']);
      assert.doesNotMatch(inspect(error, { depth: Infinity }), /Hemligt123/);
    });

    it('reads a file saved with a byte order mark', async () => {
      const file = path.join(dir, 'users.json');
      await writeFile(file, `\uFEFF${JSON.stringify({ users: [user()] })}`);

      const directory = await loadDemoDirectory(file);

      assert.ok(await directory.findByUsername('anna.svensson'));
    });

    it('says when the file does not exist', async () => {
      const error = await loadDemoDirectory(path.join(dir, 'missing.json')).catch(
        (rejection: unknown) => rejection,
      );

      assert.deepEqual(problemsOf(error), ['cannot be read (ENOENT)']);
    });
  });
});
