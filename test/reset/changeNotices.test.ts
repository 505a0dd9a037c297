import assert from 'node:assert/strict';
import type { Requester } from '../../src/reset/case';
import type { ChangeNotice } from '../../src/reset/changeNotices';
import { CODE_LIKE_DIGITS } from '../../src/sms/message';
import { buildResetWorld, type ResetWorld, type ServiceLimits } from '../support/resetWorld';

/** Teams users from the sample directory (src/demo/sample-directory.json). */
const anna: Requester = { userId: '29:anna', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };
const bertil: Requester = { userId: '29:bertil', aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11' };
const ANNA_MOBILE = '+46701740605';

/** A case for `username` by `requester`, past the code step; the code SMS is the last one sent. */
async function verifiedCase(
  world: ResetWorld,
  requester: Requester,
  username: string,
  locale = 'sv-SE',
): Promise<{ caseId: string; code: string }> {
  const { id: caseId } = await world.service.startCase({
    conversationId: `conversation-${requester.userId}`,
    requester,
    locale,
    platform: 'ios',
  });
  assert.match((await world.service.submitUsername(caseId, username)).kind, /^code-sent/);
  await world.service.flush();
  const code = world.sms.lastCode();
  assert.deepEqual(await world.service.verifyCode(caseId, code), { kind: 'verified' });
  return { caseId, code };
}

async function arrange(limits: ServiceLimits = { changeSms: true }): Promise<ResetWorld> {
  return buildResetWorld(undefined, limits);
}

describe('change notices', () => {
  describe('when the owner unlocks their account', () => {
    it('sends the owner one SMS saying what happened, when, and whom to call, with no code in it', async () => {
      const world = await arrange();
      const { caseId, code } = await verifiedCase(world, anna, 'anna.svensson');

      const result = await world.service.unlock(caseId);
      await world.service.flush();

      assert.deepEqual(result, { kind: 'unlocked', result: 'unlocked' });
      assert.equal(world.sms.sent.length, 2);
      const notice = world.sms.sent[1];
      assert.ok(notice);
      assert.equal(notice.to, ANNA_MOBILE);
      assert.equal(notice.caseId, caseId);
      // 2025-03-10T08:00Z is 09:00 in Stockholm.
      assert.equal(
        notice.text,
        'Kommunen: Ditt konto anna.svensson låstes upp 10/3 kl. 09:00 via Teams. Var det inte du? Ring servicedesk 0142-36 6000.',
      );
      assert.ok(!notice.text.includes(code));
      assert.doesNotMatch(notice.text, CODE_LIKE_DIGITS);
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'owner-notified'));
    });
  });

  describe('when the password is changed on an English client', () => {
    it('tells the owner in English that the password was changed', async () => {
      const world = await arrange();
      const { caseId } = await verifiedCase(world, anna, 'anna.svensson', 'en-US');

      assert.equal((await world.service.setPassword(caseId, 'Nytt2025x', 'Nytt2025x')).kind, 'password-set');
      await world.service.flush();

      assert.match(
        world.sms.sent.at(-1)?.text ?? '',
        /^Kommunen: Your account anna\.svensson got a new password on 10 Mar at 09:00 in Teams\. Not you\? Call the service desk on 0142-36 6000\.$/,
      );
    });
  });

  describe('when a rejected password changed nothing', () => {
    it('sends no notice', async () => {
      const world = await arrange();
      const { caseId } = await verifiedCase(world, anna, 'anna.svensson');

      assert.equal((await world.service.setPassword(caseId, 'kort', 'kort')).kind, 'password-invalid');
      await world.service.flush();

      assert.equal(world.sms.sent.length, 1);
    });
  });

  describe('when the account was not locked', () => {
    it('sends no notice, as nothing changed', async () => {
      const world = await arrange();
      const { caseId } = await verifiedCase(world, bertil, 'bertil.berg');

      assert.deepEqual(await world.service.unlock(caseId), { kind: 'unlocked', result: 'was-not-locked' });
      await world.service.flush();

      assert.equal(world.sms.sent.length, 1);
    });
  });

  describe('when NOTIFY_OWNER_SMS is off', () => {
    it('sends only the code', async () => {
      const world = await arrange({});
      const { caseId } = await verifiedCase(world, anna, 'anna.svensson');

      await world.service.unlock(caseId);
      await world.service.flush();

      assert.equal(world.sms.sent.length, 1);
    });
  });

  describe('when the SMS provider fails on the notice', () => {
    it('still answers the unlock, and the failure is audited and logged without the text', async () => {
      const world = await arrange();
      const { caseId } = await verifiedCase(world, anna, 'anna.svensson');
      world.sms.failWith();

      assert.deepEqual(await world.service.unlock(caseId), { kind: 'unlocked', result: 'unlocked' });
      await world.service.flush();

      const failed = world.audit.list(caseId).find((event) => event.type === 'owner-not-notified');
      assert.equal(failed?.detail, 'sms failed');
      assert.ok(world.log.entries().some((line) => line['msg'] === 'change-notice SMS failed'));
      assert.ok(!world.log.lines.join('\n').includes('låstes upp'));
    });
  });

  describe('when someone else changed the account', () => {
    it("also tells the owner in Teams, by the owner's Entra object id", async () => {
      const told: ChangeNotice[] = [];
      const world = await arrange({
        changeSms: true,
        tellOwner: (notice) => {
          told.push(notice);
          return Promise.resolve(true);
        },
      });
      const { caseId } = await verifiedCase(world, bertil, 'anna.svensson');

      await world.service.unlock(caseId);
      await world.service.flush();

      assert.equal(told.length, 1);
      assert.equal(told[0]?.ownerAadObjectId, anna.aadObjectId);
      assert.equal(told[0]?.change, 'unlocked');
      assert.equal(world.sms.sent.at(-1)?.to, ANNA_MOBILE);
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'owner-told'));
    });

    it('does not message the owner in Teams about their own change', async () => {
      const told: ChangeNotice[] = [];
      const world = await arrange({
        tellOwner: (notice) => {
          told.push(notice);
          return Promise.resolve(true);
        },
      });
      const { caseId } = await verifiedCase(world, anna, 'anna.svensson');

      await world.service.unlock(caseId);
      await world.service.flush();

      assert.deepEqual(told, []);
    });
  });
});
