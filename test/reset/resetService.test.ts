import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Account } from '../../src/reset/account';
import type { CaseRecord, Requester } from '../../src/reset/case';
import { DirectoryUnavailableError, PasswordRejectedError } from '../../src/reset/errors';
import { minutes, seconds } from '../support/fakeClock';
import { buildResetWorld, type ResetWorld } from '../support/resetWorld';

/** Teams users from the sample directory (src/demo/sample-directory.json). */
const anna: Requester = {
  userId: '29:anna',
  aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
  name: 'Anna',
};
const bertil: Requester = { userId: '29:bertil', aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11' };
const cecilia: Requester = { userId: '29:cecilia', aadObjectId: 'd856c0d2-b531-4919-97d3-da4a991d6664' };
const erik: Requester = { userId: '29:erik', aadObjectId: 'acf89349-a9a1-4297-b6a6-a966037b6b0c' };
const guest: Requester = { userId: '29:guest' };

const ANNA_MOBILE = '+46701740605';

interface World extends ResetWorld {
  /** Every version of every case, as it was saved. */
  readonly savedCases: () => CaseRecord[];
}

async function arrange(): Promise<World> {
  const world = await buildResetWorld();
  const save = sinon.spy(world.cases, 'save');
  return { ...world, savedCases: () => save.args.map(([record]) => record) };
}

async function openCase(world: World, requester: Requester): Promise<string> {
  const record = await world.service.startCase({
    conversationId: `conversation-${requester.userId}`,
    requester,
    locale: 'sv-SE',
    platform: 'web',
  });
  return record.id;
}

/** Anna's own case, past the code step. */
async function verifiedCase(world: World): Promise<string> {
  const caseId = await openCase(world, anna);
  assert.equal((await world.service.submitUsername(caseId, 'anna.svensson')).kind, 'code-sent');
  assert.deepEqual(await world.service.verifyCode(caseId, world.sms.lastCode()), { kind: 'verified' });
  return caseId;
}

async function caseOf(world: World, caseId: string): Promise<CaseRecord> {
  const record = await world.service.getCase(caseId);
  assert.ok(record, `case ${caseId} should exist`);
  return record;
}

async function accountOf(world: World, username: string): Promise<Account> {
  const account = await world.directory.findByUsername(username);
  assert.ok(account, `${username} should exist`);
  return account;
}

/** A six-digit code that is not `code`. */
function otherThan(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

describe('ResetService', () => {
  let world: World;

  beforeEach(async () => {
    world = await arrange();
  });

  afterEach(() => {
    sinon.restore();
  });

  describe('when the requester names their own account', () => {
    it('sends a code to the registered mobile and shows its last two digits', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'code-sent', phoneLast2: '05' });
      assert.equal(world.sms.sent.length, 1);
      assert.equal(world.sms.sent[0]?.to, ANNA_MOBILE);
      assert.equal(world.sms.sent[0]?.caseId, caseId);
      assert.match(
        world.sms.sent[0]?.text ?? '',
        /^\d{6} är din kod .* Kommunen\. Den gäller i 10 minuter\./,
      );
    });

    it('records the account, that it is the requester’s own, and the code sent', async () => {
      const caseId = await openCase(world, anna);

      await world.service.submitUsername(caseId, '  Anna.Svensson ');

      const record = await caseOf(world, caseId);
      assert.equal(record.requestedUsername, 'anna.svensson');
      assert.equal(record.ownAccount, true);
      assert.deepEqual(record.account, {
        id: 'anna.svensson',
        username: 'anna.svensson',
        displayName: 'Anna Svensson',
        upn: 'anna.svensson@kommun.example',
        source: 'on-premises',
        phoneLast2: '05',
        ownerAadObjectId: anna.aadObjectId,
      });
      assert.equal(record.codesSent, 1);
      assert.deepEqual(
        record.steps.map(({ step }) => step),
        ['started', 'account-entered', 'code-sent'],
      );
    });

    it('accepts the user principal name as well', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson@kommun.example');

      assert.deepEqual(result, { kind: 'code-sent', phoneLast2: '05' });
    });

    it('offers the account found by the Teams identity', async () => {
      assert.equal((await world.service.ownAccount(anna))?.username, 'anna.svensson');
      assert.equal(await world.service.ownAccount(guest), undefined);
    });
  });

  describe('when the requester names another existing account', () => {
    it('answers uniformly and still sends the code to that account’s mobile', async () => {
      const caseId = await openCase(world, bertil);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.deepEqual(
        world.sms.sent.map(({ to }) => to),
        [ANNA_MOBILE],
      );
      assert.equal((await caseOf(world, caseId)).ownAccount, false);
    });

    it('answers the same when the requester has no Teams identity to compare', async () => {
      const caseId = await openCase(world, guest);

      assert.deepEqual(await world.service.submitUsername(caseId, 'anna.svensson'), {
        kind: 'code-sent-if-exists',
      });
    });
  });

  describe('when the named account does not exist', () => {
    it('answers exactly as for an existing account, and sends nothing', async () => {
      const existing = await world.service.submitUsername(await openCase(world, bertil), 'anna.svensson');
      const caseId = await openCase(world, bertil);

      const unknown = await world.service.submitUsername(caseId, 'nobody.here');

      assert.deepEqual(unknown, existing);
      assert.equal(world.sms.attempted.length, 1, 'only the existing account got an SMS');
    });

    it('keeps only a keyed tag of what was typed (it may be a password), the same for the same text', async () => {
      const caseId = await openCase(world, bertil);
      const again = await openCase(world, bertil);
      const other = await openCase(world, bertil);

      await world.service.submitUsername(caseId, 'Kanelbulle2025');
      await world.service.submitUsername(again, 'Kanelbulle2025');
      await world.service.submitUsername(other, 'nobody.here');

      const record = await caseOf(world, caseId);
      assert.equal(record.requestedUsername, undefined);
      assert.match(record.usernameTag ?? '', /^[0-9a-f]{8}$/);
      assert.equal((await caseOf(world, again)).usernameTag, record.usernameTag);
      assert.notEqual((await caseOf(world, other)).usernameTag, record.usernameTag);
      assert.ok(!JSON.stringify([record, world.audit.list()]).toLowerCase().includes('kanelbulle'));
      assert.equal(record.account, undefined);
      assert.equal(record.outcome, undefined);
    });

    it('makes the following steps look the same too: wrong codes, then a uniform resend', async () => {
      const caseId = await openCase(world, bertil);
      await world.service.submitUsername(caseId, 'nobody.here');

      const wrong = await world.service.verifyCode(caseId, '123456');
      world.clock.advance(seconds(60));
      const resend = await world.service.resendCode(caseId);

      assert.equal(wrong.kind, 'wrong');
      assert.deepEqual(resend, { kind: 'code-sent-if-exists' });
      assert.deepEqual(world.sms.attempted, []);
    });
  });

  describe('when the account has no registered mobile', () => {
    it('tells the owner so and closes the case as no-phone', async () => {
      const caseId = await openCase(world, cecilia);

      const result = await world.service.submitUsername(caseId, 'cecilia.ceder');

      assert.deepEqual(result, { kind: 'no-phone' });
      assert.equal((await caseOf(world, caseId)).outcome, 'no-phone');
      assert.deepEqual(world.sms.attempted, []);
    });

    it('answers someone else uniformly and sends nothing', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'cecilia.ceder');

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.deepEqual(world.sms.attempted, []);
      assert.equal((await caseOf(world, caseId)).outcome, undefined);
    });
  });

  describe('when the account is disabled', () => {
    it('tells the owner so, sends nothing and closes the case', async () => {
      const caseId = await openCase(world, erik);

      const result = await world.service.submitUsername(caseId, 'erik.ek');

      assert.deepEqual(result, { kind: 'disabled' });
      assert.equal((await caseOf(world, caseId)).outcome, 'blocked');
      assert.deepEqual(world.sms.attempted, []);
    });

    it('answers someone else uniformly and sends nothing', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'erik.ek');

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.deepEqual(world.sms.attempted, []);
    });
  });

  describe('when the account has had five codes within the hour', () => {
    beforeEach(async () => {
      for (let i = 0; i < 5; i++) {
        await world.service.submitUsername(await openCase(world, anna), 'anna.svensson');
        world.clock.advance(minutes(1));
      }
    });

    it('tells the owner that the account is blocked for 24 hours and closes the case', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'blocked', until: new Date('2025-03-11T08:05:00.000Z') });
      assert.equal((await caseOf(world, caseId)).outcome, 'blocked');
      assert.equal(world.sms.sent.length, 5);
    });

    it('answers someone else uniformly, sends nothing more and leaves the case open', async () => {
      const caseId = await openCase(world, bertil);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.equal(world.sms.sent.length, 5);
      assert.equal((await caseOf(world, caseId)).outcome, undefined);
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'throttled'));
    });
  });

  describe('when the SMS cannot be sent', () => {
    beforeEach(() => {
      world.sms.failWith();
    });

    it('tells the owner, closes the case as sms-error and leaves no code that works', async () => {
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');
      const later = await world.service.verifyCode(caseId, world.sms.lastAttemptedCode());

      assert.deepEqual(result, { kind: 'sms-failed' });
      assert.equal((await caseOf(world, caseId)).outcome, 'sms-error');
      assert.deepEqual(later, { kind: 'case-closed', outcome: 'sms-error' });
    });

    it('answers someone else uniformly, and the code that never arrived does not work', async () => {
      const caseId = await openCase(world, bertil);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');
      const later = await world.service.verifyCode(caseId, world.sms.lastAttemptedCode());

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.deepEqual(later, { kind: 'wrong', attemptsLeft: 2 });
    });
  });

  describe('when the directory cannot be reached', () => {
    it('says so, sends nothing and keeps the case open for another try', async () => {
      sinon.stub(world.directory, 'findByUsername').rejects(new DirectoryUnavailableError('LDAP timed out'));
      sinon
        .stub(world.directory, 'findByAadObjectId')
        .rejects(new DirectoryUnavailableError('LDAP timed out'));
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'directory-unavailable' });
      assert.deepEqual(world.sms.attempted, []);
      assert.equal((await caseOf(world, caseId)).outcome, undefined);
    });
  });

  describe('when the typed username cannot be one', () => {
    const table: readonly { why: string; typed: string }[] = [
      { why: 'nothing', typed: '' },
      { why: 'only spaces', typed: '   ' },
      { why: '10 000 characters', typed: 'a'.repeat(10_000) },
      { why: 'an emoji', typed: 'anna😀svensson' },
      { why: 'a NUL character', typed: 'anna\u0000svensson' },
      { why: 'a bell character', typed: 'anna.svensson\u0007' },
      { why: 'a right-to-left override', typed: 'anna\u202Esvensson' },
      { why: 'an LDAP filter', typed: '*)(sAMAccountName=*' },
      { why: 'an OData/SQL injection', typed: "' OR 1=1" },
      { why: 'a wildcard', typed: '*' },
    ];

    for (const { why, typed } of table) {
      it(`refuses ${why} without asking the directory`, async () => {
        const findByUsername = sinon.spy(world.directory, 'findByUsername');
        const caseId = await openCase(world, anna);

        const result = await world.service.submitUsername(caseId, typed);

        assert.deepEqual(result, { kind: 'invalid-username' });
        assert.equal(findByUsername.callCount, 0);
        assert.deepEqual(world.sms.attempted, []);
        assert.equal((await caseOf(world, caseId)).outcome, undefined);
      });
    }
  });

  describe('when the code is checked', () => {
    let caseId: string;
    let code: string;

    beforeEach(async () => {
      caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      code = world.sms.lastCode();
    });

    it('counts wrong codes down 2, 1, then calls the code exhausted, even the right one', async () => {
      const wrong = otherThan(code);

      const results = [
        await world.service.verifyCode(caseId, wrong),
        await world.service.verifyCode(caseId, wrong),
        await world.service.verifyCode(caseId, wrong),
        await world.service.verifyCode(caseId, code),
      ];

      assert.deepEqual(results, [
        { kind: 'wrong', attemptsLeft: 2 },
        { kind: 'wrong', attemptsLeft: 1 },
        { kind: 'exhausted' },
        { kind: 'exhausted' },
      ]);
    });

    it('does not count something that is not six digits as an attempt', async () => {
      const notACode = await world.service.verifyCode(caseId, '12a456');
      const wrong = await world.service.verifyCode(caseId, otherThan(code));

      assert.deepEqual(notACode, { kind: 'invalid-format' });
      assert.deepEqual(wrong, { kind: 'wrong', attemptsLeft: 2 });
    });

    it('accepts the code typed with spaces or a dash', async () => {
      const typed = `${code.slice(0, 3)} - ${code.slice(3)}`;

      assert.deepEqual(await world.service.verifyCode(caseId, typed), { kind: 'verified' });
    });

    it('still accepts the code just before ten minutes have passed', async () => {
      world.clock.advance(minutes(9) + seconds(59));

      assert.deepEqual(await world.service.verifyCode(caseId, code), { kind: 'verified' });
    });

    it('calls the code expired after ten minutes', async () => {
      world.clock.advance(minutes(10) + seconds(1));

      assert.deepEqual(await world.service.verifyCode(caseId, code), { kind: 'expired' });
      assert.equal((await caseOf(world, caseId)).verifiedAt, undefined);
    });

    it('verifies the right code and marks it used', async () => {
      const result = await world.service.verifyCode(caseId, code);

      assert.deepEqual(result, { kind: 'verified' });
      const record = await caseOf(world, caseId);
      assert.equal(record.verifiedAt, '2025-03-10T08:00:00.000Z');
      assert.equal(record.code?.consumed, true);
    });

    it('lets the code be used once: after the reset it opens nothing', async () => {
      await world.service.verifyCode(caseId, code);
      await world.service.unlock(caseId);

      const again = await world.service.verifyCode(caseId, code);

      assert.deepEqual(again, { kind: 'case-closed', outcome: 'unlocked' });
    });

    it('does not accept the code in another case for the same account', async () => {
      const otherCase = await openCase(world, anna);
      await world.service.submitUsername(otherCase, 'anna.svensson');
      // A second code for the same account; the first belongs to the first case only.
      assert.notEqual(world.sms.lastCode(), code, 'the two cases drew the same code (one in a million)');

      const result = await world.service.verifyCode(otherCase, code);

      assert.deepEqual(result, { kind: 'wrong', attemptsLeft: 2 });
    });
  });

  describe('when a new code is asked for', () => {
    let caseId: string;
    let first: string;

    beforeEach(async () => {
      caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      first = world.sms.lastCode();
    });

    it('makes the requester wait out the 60-second cooldown, counting down', async () => {
      const atOnce = await world.service.resendCode(caseId);
      world.clock.advance(seconds(30));
      const halfway = await world.service.resendCode(caseId);

      assert.deepEqual(atOnce, { kind: 'cooldown', secondsLeft: 60 });
      assert.deepEqual(halfway, { kind: 'cooldown', secondsLeft: 30 });
      assert.equal(world.sms.sent.length, 1);
    });

    it('sends a new code after the cooldown, and only the new code works', async () => {
      world.clock.advance(seconds(60));

      const result = await world.service.resendCode(caseId);
      const second = world.sms.lastCode();
      assert.notEqual(second, first, 'both draws gave the same code (one in a million)');

      assert.deepEqual(result, { kind: 'code-sent', phoneLast2: '05' });
      assert.equal(world.sms.sent.length, 2);
      assert.deepEqual(await world.service.verifyCode(caseId, first), { kind: 'wrong', attemptsLeft: 2 });
      assert.deepEqual(await world.service.verifyCode(caseId, second), { kind: 'verified' });
    });

    it('gives a fresh three tries with the new code', async () => {
      const wrong = otherThan(first);
      for (let i = 0; i < 3; i++) await world.service.verifyCode(caseId, wrong);
      world.clock.advance(seconds(60));

      await world.service.resendCode(caseId);

      assert.deepEqual(await world.service.verifyCode(caseId, otherThan(world.sms.lastCode())), {
        kind: 'wrong',
        attemptsLeft: 2,
      });
    });

    it('answers uniformly, and sends, when the account is someone else’s', async () => {
      const otherCase = await openCase(world, bertil);
      await world.service.submitUsername(otherCase, 'anna.svensson');
      world.clock.advance(seconds(60));

      const result = await world.service.resendCode(otherCase);

      assert.deepEqual(result, { kind: 'code-sent-if-exists' });
      assert.equal(world.sms.sent.at(-1)?.to, ANNA_MOBILE);
      assert.equal(world.sms.sent.length, 3);
    });
  });

  describe('when a verified requester unlocks', () => {
    it('unlocks the account in the directory and closes the case as unlocked', async () => {
      const caseId = await verifiedCase(world);
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);

      const choice = await world.service.choose(caseId, 'unlock');
      const result = await world.service.unlock(caseId);

      assert.deepEqual(choice, { kind: 'ok' });
      assert.deepEqual(result, { kind: 'unlocked', result: 'unlocked' });
      assert.equal((await accountOf(world, 'anna.svensson')).locked, false);
      const record = await caseOf(world, caseId);
      assert.equal(record.outcome, 'unlocked');
      assert.equal(record.choice, 'unlock');
    });

    it('says that a cloud-only lockout expires by itself', async () => {
      const david: Requester = { userId: '29:david', aadObjectId: '9404fdb5-87b3-43d2-a9a3-58cf44e8435b' };
      const caseId = await openCase(world, david);
      await world.service.submitUsername(caseId, 'david.dahl');
      await world.service.verifyCode(caseId, world.sms.lastCode());

      assert.deepEqual(await world.service.unlock(caseId), {
        kind: 'unlocked',
        result: 'cloud-lockout-expires-by-itself',
      });
    });
  });

  describe('when the code has not been verified', () => {
    it('neither unlocks nor sets a password', async () => {
      const caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      const setPassword = sinon.spy(world.directory, 'setPassword');

      const choice = await world.service.choose(caseId, 'unlock');
      const unlock = await world.service.unlock(caseId);
      const password = await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');

      assert.deepEqual(
        [choice, unlock, password],
        [{ kind: 'not-verified' }, { kind: 'not-verified' }, { kind: 'not-verified' }],
      );
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);
      assert.equal(setPassword.callCount, 0);
    });
  });

  describe('when a verified case names another account', () => {
    it('does not carry the verification over to it', async () => {
      const caseId = await verifiedCase(world);
      const setPassword = sinon.spy(world.directory, 'setPassword');

      await world.service.submitUsername(caseId, 'bertil.berg');
      const password = await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');
      const unlock = await world.service.unlock(caseId);

      assert.deepEqual(password, { kind: 'not-verified' });
      assert.deepEqual(unlock, { kind: 'not-verified' });
      assert.equal(setPassword.callCount, 0);
    });

    it('does not keep the earlier account when the new name matches none', async () => {
      const caseId = await verifiedCase(world);

      await world.service.submitUsername(caseId, 'nobody.here');
      const unlock = await world.service.unlock(caseId);

      assert.deepEqual(unlock, { kind: 'not-verified' });
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);
      assert.equal((await caseOf(world, caseId)).account, undefined);
    });
  });

  describe('when a new password breaks the policy', () => {
    it('names the broken rules, writes nothing and keeps the case verified', async () => {
      const caseId = await verifiedCase(world);
      const setPassword = sinon.spy(world.directory, 'setPassword');

      const result = await world.service.setPassword(caseId, 'kaffe', 'kaffe');

      assert.deepEqual(result, {
        kind: 'password-invalid',
        violations: ['too-short', 'no-uppercase', 'no-digit'],
      });
      assert.equal(setPassword.callCount, 0);
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);
      const record = await caseOf(world, caseId);
      assert.equal(record.outcome, undefined);
      assert.ok(record.verifiedAt);
    });

    it('refuses the username in the password before the directory sees it', async () => {
      const caseId = await verifiedCase(world);

      const result = await world.service.setPassword(caseId, 'Svensson2025', 'Svensson2025');

      assert.deepEqual(result, { kind: 'password-invalid', violations: ['contains-username'] });
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);
    });
  });

  describe('when the directory refuses a password from the history', () => {
    it('says history, keeps the case verified, and a second good password succeeds without a new code', async () => {
      const caseId = await verifiedCase(world);
      await world.service.choose(caseId, 'new-password');

      const rejected = await world.service.setPassword(caseId, 'Sommar2024', 'Sommar2024');
      const afterRejection = await caseOf(world, caseId);
      const accepted = await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');

      assert.deepEqual(rejected, { kind: 'password-rejected', reasons: ['history'] });
      assert.ok(afterRejection.verifiedAt);
      assert.equal(afterRejection.outcome, undefined);
      assert.deepEqual(accepted, { kind: 'password-set' });
      assert.equal(world.sms.sent.length, 1);
      assert.equal((await accountOf(world, 'anna.svensson')).locked, false);
      assert.equal((await caseOf(world, caseId)).outcome, 'password-set');
    });

    it('has really stored the accepted password (the directory now refuses it as history)', async () => {
      const caseId = await verifiedCase(world);
      await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');
      const account = await accountOf(world, 'anna.svensson');

      await assert.rejects(world.directory.setPassword(account, 'Vinterkaffe7'), PasswordRejectedError);
    });
  });

  describe('when the case has been cancelled', () => {
    it('answers case-closed to every later call and sends nothing', async () => {
      const caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      const code = world.sms.lastCode();

      const closed = await world.service.close(caseId, 'cancelled');
      world.clock.advance(seconds(60));
      const results = [
        await world.service.verifyCode(caseId, code),
        await world.service.resendCode(caseId),
        await world.service.submitUsername(caseId, 'anna.svensson'),
        await world.service.choose(caseId, 'unlock'),
        await world.service.unlock(caseId),
        await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7'),
      ];

      assert.equal(closed?.outcome, 'cancelled');
      for (const result of results) assert.deepEqual(result, { kind: 'case-closed', outcome: 'cancelled' });
      assert.equal(world.sms.sent.length, 1);
      assert.equal((await accountOf(world, 'anna.svensson')).locked, true);
    });

    it('keeps the first outcome when closed again', async () => {
      const caseId = await openCase(world, anna);
      await world.service.close(caseId, 'cancelled');

      const again = await world.service.close(caseId, 'expired');

      assert.equal(again?.outcome, 'cancelled');
    });
  });

  describe('when a case has been idle', () => {
    it('stays open until fifteen minutes have passed', async () => {
      const caseId = await openCase(world, anna);
      world.clock.advance(minutes(15));

      const record = await world.service.touch(caseId);

      assert.equal(record?.outcome, undefined);
    });

    it('is closed as expired after fifteen minutes, and later calls answer case-closed', async () => {
      const caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      const code = world.sms.lastCode();
      world.clock.advance(minutes(15) + seconds(1));

      const record = await world.service.touch(caseId);
      const later = await world.service.verifyCode(caseId, code);

      assert.equal(record?.outcome, 'expired');
      assert.deepEqual(later, { kind: 'case-closed', outcome: 'expired' });
    });

    it('counts idle time from the last step, not from the start', async () => {
      const caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      world.clock.advance(minutes(10));
      await world.service.verifyCode(caseId, otherThan(world.sms.lastCode()));
      world.clock.advance(minutes(10));

      const record = await world.service.touch(caseId);

      assert.equal(record?.outcome, undefined);
    });

    it('answers undefined for a case that does not exist', async () => {
      assert.equal(await world.service.touch('no-such-case'), undefined);
    });
  });

  describe('when a whole reset has been walked through', () => {
    const passwords = ['Vinterkaffe7', 'Vinterkaffe8', 'Sommar2024', 'kaffe'];
    let caseId: string;

    beforeEach(async () => {
      caseId = await openCase(world, anna);
      await world.service.submitUsername(caseId, 'anna.svensson');
      await world.service.verifyCode(caseId, otherThan(world.sms.lastCode()));
      world.clock.advance(seconds(60));
      await world.service.resendCode(caseId);
      await world.service.verifyCode(caseId, world.sms.lastCode());
      await world.service.choose(caseId, 'new-password');
      await world.service.setPassword(caseId, 'kaffe', 'kaffe');
      await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe8');
      await world.service.setPassword(caseId, 'Sommar2024', 'Sommar2024');
      await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');
    });

    /** Where a secret could leak: every audit event, every saved case version, every log line. */
    function everythingKept(): { where: string; text: string }[] {
      return [
        ...world.audit.list().map((event) => ({ where: 'audit', text: JSON.stringify(event) })),
        ...world.savedCases().map((record) => ({ where: 'case store', text: JSON.stringify(record) })),
        ...world.log.lines.map((line) => ({ where: 'log', text: line })),
      ];
    }

    it('wrote an audit event for every step', async () => {
      assert.deepEqual(
        world.audit.list(caseId).map(({ type }) => type),
        [
          'started',
          'account-entered',
          'code-sent',
          'code-wrong',
          'code-sent',
          'code-verified',
          'choice-made',
          'password-rejected',
          'password-rejected',
          'password-rejected',
          'outcome',
        ],
      );
      assert.equal((await caseOf(world, caseId)).outcome, 'password-set');
    });

    it('kept no code anywhere: audit, case store and log', () => {
      const codes = world.sms.allCodes();
      assert.equal(codes.length, 2);
      const kept = everythingKept();
      assert.ok(kept.filter(({ where }) => where === 'log').length > 0, 'the log should not be empty');

      // A code standing alone, not a piece of a longer hex string such as a hash.
      const hits = kept.filter(({ text }) =>
        codes.some((code) => new RegExp(`(?<![0-9a-fA-F])${code}(?![0-9a-fA-F])`).test(text)),
      );

      assert.deepEqual(hits, []);
    });

    it('kept no password anywhere: audit, case store and log', () => {
      const hits = everythingKept().filter(({ text }) =>
        passwords.some((password) => text.includes(password)),
      );

      assert.deepEqual(hits, []);
    });

    it('kept no full phone number anywhere, only its last two digits', () => {
      const hits = everythingKept().filter(({ text }) => text.includes(ANNA_MOBILE.slice(3)));

      assert.deepEqual(hits, []);
    });
  });
});
