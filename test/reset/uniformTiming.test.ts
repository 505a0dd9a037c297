import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Requester } from '../../src/reset/case';
import type { SmsMessage } from '../../src/reset/ports';
import { SmsThrottle } from '../../src/reset/smsThrottle';
import { seconds } from '../support/fakeClock';
import { buildResetWorld, type ResetWorld } from '../support/resetWorld';

const anna: Requester = { userId: '29:anna', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };

/** What Anna may ask about that is not her own account, from the sample directory. */
const otherAccounts = [
  { what: 'an account with a phone', typed: 'bertil.berg' },
  { what: 'an unknown name', typed: 'nobody.here' },
  { what: 'an account without a phone', typed: 'cecilia.ceder' },
  { what: 'a disabled account', typed: 'erik.ek' },
] as const;

const UNIFORM_ANSWER_MS = 1000;

/** A directory and an SMS provider that take their time, on the world's clock. */
async function slowWorld(latency: { directoryMs: number; smsMs: number }): Promise<ResetWorld> {
  const world = await buildResetWorld(undefined, { uniformAnswerMs: UNIFORM_ANSWER_MS });
  const { directory, sms, clock } = world;
  const findByUsername = directory.findByUsername.bind(directory);
  const findByAadObjectId = directory.findByAadObjectId.bind(directory);
  const send = sms.send.bind(sms);
  sinon.stub(directory, 'findByUsername').callsFake(async (username: string) => {
    await clock.sleep(latency.directoryMs);
    return findByUsername(username);
  });
  sinon.stub(directory, 'findByAadObjectId').callsFake(async (id: string) => {
    await clock.sleep(latency.directoryMs);
    return findByAadObjectId(id);
  });
  sinon.stub(sms, 'send').callsFake(async (message: SmsMessage) => {
    await clock.sleep(latency.smsMs);
    return send(message);
  });
  return world;
}

async function openCase(world: ResetWorld): Promise<string> {
  return (await world.service.startCase({ conversationId: 'c', requester: anna, locale: 'sv-SE' })).id;
}

describe('ResetService answering about someone else’s account (timing)', () => {
  afterEach(() => sinon.restore());

  for (const latency of [
    { directoryMs: 300, smsMs: 900 },
    { directoryMs: 3000, smsMs: 5000 },
  ]) {
    describe(`when the directory takes ${latency.directoryMs} ms and the SMS provider ${latency.smsMs} ms`, () => {
      it('gives the first answer after the same time, whatever the account', async () => {
        const world = await slowWorld(latency);
        const answers: { answer: unknown; elapsedMs: number }[] = [];

        for (const { typed } of otherAccounts) {
          const caseId = await openCase(world);
          const { value, elapsedMs } = await world.clock.timed(world.service.submitUsername(caseId, typed));
          answers.push({ answer: value, elapsedMs });
        }

        const [first] = answers;
        assert.ok(first && first.elapsedMs >= UNIFORM_ANSWER_MS, `answered after ${first?.elapsedMs} ms`);
        assert.deepEqual(
          answers,
          otherAccounts.map(() => ({ answer: { kind: 'code-sent-if-exists' }, elapsedMs: first.elapsedMs })),
        );
      });

      it('answers "send a new code" after the same time, whatever the account', async () => {
        const world = await slowWorld(latency);
        const answers: { answer: unknown; elapsedMs: number }[] = [];

        for (const { typed } of otherAccounts) {
          const caseId = await openCase(world);
          await world.clock.timed(world.service.submitUsername(caseId, typed));
          await world.clock.runFor(seconds(60));
          const { value, elapsedMs } = await world.clock.timed(world.service.resendCode(caseId));
          answers.push({ answer: value, elapsedMs });
        }

        const [first] = answers;
        assert.ok(first && first.elapsedMs >= UNIFORM_ANSWER_MS, `answered after ${first?.elapsedMs} ms`);
        assert.deepEqual(
          answers,
          otherAccounts.map(() => ({ answer: { kind: 'code-sent-if-exists' }, elapsedMs: first.elapsedMs })),
        );
      });

      it('answers a wrong code after the same time, whatever the account', async () => {
        const world = await slowWorld(latency);
        const answers: { answer: unknown; elapsedMs: number }[] = [];

        for (const { typed } of otherAccounts) {
          const caseId = await openCase(world);
          await world.clock.timed(world.service.submitUsername(caseId, typed));
          await world.clock.runFor(seconds(10));
          const guess = world.sms.sent.length > 0 && world.sms.lastCode() === '000000' ? '111111' : '000000';
          const { value, elapsedMs } = await world.clock.timed(world.service.verifyCode(caseId, guess));
          answers.push({ answer: value, elapsedMs });
        }

        assert.deepEqual(
          answers,
          otherAccounts.map(() => ({ answer: { kind: 'wrong', attemptsLeft: 2 }, elapsedMs: 0 })),
        );
      });
    });
  }

  describe('when the code goes out after the answer', () => {
    it('sends it, and the code still verifies', async () => {
      const world = await slowWorld({ directoryMs: 300, smsMs: 5000 });
      const caseId = await openCase(world);

      const { elapsedMs } = await world.clock.timed(world.service.submitUsername(caseId, 'bertil.berg'));
      const sentBeforeAnswer = world.sms.sent.length;
      await world.clock.timed(world.service.flush());

      assert.equal(elapsedMs, UNIFORM_ANSWER_MS);
      assert.equal(sentBeforeAnswer, 0);
      assert.equal(world.sms.sent.length, 1);
      assert.deepEqual(await world.service.verifyCode(caseId, world.sms.lastCode()), { kind: 'verified' });
      assert.equal((await world.service.getCase(caseId))?.account?.username, 'bertil.berg');
    });

    it('audits and logs a send that fails, and leaves no code that works', async () => {
      const world = await slowWorld({ directoryMs: 300, smsMs: 5000 });
      world.sms.failWith();
      const caseId = await openCase(world);

      const { value } = await world.clock.timed(world.service.submitUsername(caseId, 'bertil.berg'));
      await world.clock.timed(world.service.flush());

      assert.deepEqual(value, { kind: 'code-sent-if-exists' });
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'sms-failed'));
      assert.ok(
        world.log.lines.some((line) => line.includes('SMS could not be sent') && line.includes(caseId)),
      );
      const later = await world.service.verifyCode(caseId, world.sms.lastAttemptedCode());
      assert.deepEqual(later, { kind: 'wrong', attemptsLeft: 2 });
    });

    it('logs and audits any other failure on the way, such as the throttle’s store', async () => {
      const world = await slowWorld({ directoryMs: 300, smsMs: 900 });
      sinon.stub(SmsThrottle.prototype, 'take').rejects(new Error('storage unavailable'));
      const caseId = await openCase(world);

      const { value } = await world.clock.timed(world.service.submitUsername(caseId, 'bertil.berg'));
      await world.clock.timed(world.service.flush());

      assert.deepEqual(value, { kind: 'code-sent-if-exists' });
      assert.ok(
        world.audit
          .list(caseId)
          .some((event) => event.type === 'sms-failed' && event.detail === 'Error: storage unavailable'),
      );
      assert.ok(
        world.log.lines.some((line) => line.includes('code delivery failed') && line.includes(caseId)),
      );
      assert.deepEqual(world.sms.attempted, []);
    });

    it('audits a directory that fails after the answer', async () => {
      const world = await slowWorld({ directoryMs: 300, smsMs: 900 });
      (world.directory.findByUsername as sinon.SinonStub).rejects(new Error('LDAP timed out'));
      const caseId = await openCase(world);

      const { value } = await world.clock.timed(world.service.submitUsername(caseId, 'bertil.berg'));
      await world.clock.timed(world.service.flush());

      assert.deepEqual(value, { kind: 'code-sent-if-exists' });
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'directory-error'));
      assert.deepEqual(world.sms.attempted, []);
    });
  });
});
