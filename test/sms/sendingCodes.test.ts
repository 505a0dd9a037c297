import assert from 'node:assert/strict';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../../src/demo/demoDirectory';
import type { Requester } from '../../src/reset/case';
import type { SmsSender } from '../../src/reset/ports';
import type { ResetService } from '../../src/reset/resetService';
import { AcsSmsSender } from '../../src/sms/acsSms';
import { MobileNumberGuard } from '../../src/sms/phoneNumber';
import { MemoryAuditLog } from '../../src/storage/memory/auditLog';
import { MemoryCaseStore } from '../../src/storage/memory/caseStore';
import { AcsEmulator, selfSignedCertificate, type TlsMaterial } from '../support/acsEmulator';
import { FakeClock, hours, seconds } from '../support/fakeClock';
import { memoryLogger, type MemoryLogStream } from '../support/memoryLog';
import { buildResetService } from '../support/resetWorld';

/** Teams users of the sample directory who ask about their own accounts. */
const anna: Requester = { userId: '29:anna', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };
const bertil: Requester = { userId: '29:bertil', aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11' };
const david: Requester = { userId: '29:david', aadObjectId: '9404fdb5-87b3-43d2-a9a3-58cf44e8435b' };

interface World {
  readonly service: ResetService;
  readonly audit: MemoryAuditLog;
  readonly clock: FakeClock;
  readonly log: MemoryLogStream;
}

/** The reset service sending through the real ACS client to the local ACS, as src/index.ts wires it. */
async function arrange(
  acs: AcsEmulator,
  tls: TlsMaterial,
  options: { budget?: number; allowedCountries?: string[]; timeoutMs?: number } = {},
): Promise<World> {
  const audit = new MemoryAuditLog();
  const clock = new FakeClock();
  const { logger, log } = memoryLogger('debug');
  const sms: SmsSender = new MobileNumberGuard(
    new AcsSmsSender({
      auth: { connectionString: acs.connectionString },
      from: 'Kommunen',
      timeoutMs: options.timeoutMs ?? 3000,
      clientOptions: { tlsOptions: { ca: tls.cert } },
    }),
    { allowedCountries: options.allowedCountries ?? ['SE'] },
  );
  const service = buildResetService({
    directory: await loadDemoDirectory(SAMPLE_DIRECTORY_PATH),
    sms,
    cases: new MemoryCaseStore(audit),
    audit,
    clock,
    logger,
    budget: options.budget ?? 200,
  });
  return { service, audit, clock, log };
}

async function openCase(world: World, requester: Requester): Promise<string> {
  const record = await world.service.startCase({
    conversationId: `conversation-${requester.userId}`,
    requester,
    locale: 'sv-SE',
  });
  return record.id;
}

/** The code in the latest message that reached the local ACS. */
function lastCodeAt(acs: AcsEmulator): string {
  const code = /^(\d{6}) /.exec(acs.requests.at(-1)?.body?.message ?? '')?.[1];
  assert.ok(code, 'no code has reached ACS');
  return code;
}

function assertNoSecretsLogged(world: World, acs: AcsEmulator): void {
  const logged = world.log.lines.join('\n');
  for (const request of acs.requests) {
    const text = request.body?.message ?? '';
    const code = /^\d{6}/.exec(text)?.[0];
    assert.ok(text === '' || !logged.includes(text), 'the SMS text was logged');
    assert.ok(code === undefined || !logged.includes(code), 'the code was logged');
  }
  assert.doesNotMatch(logged, /\+?46\s?70174060\d|70174060\d/, 'a full number was logged');
}

describe('Sending codes through ACS', () => {
  let tls: TlsMaterial;
  let acs: AcsEmulator;

  before(async function () {
    this.timeout(20_000);
    tls = await selfSignedCertificate();
    acs = await AcsEmulator.start(tls);
  });

  afterEach(() => acs.reset());

  after(async () => {
    await acs.stop();
  });

  describe('when ACS is down', () => {
    it('tells the owner the code could not be sent, records why and leaves no code valid', async () => {
      const world = await arrange(acs, tls);
      acs.answerNext({ status: 500 }, { status: 500 });
      const caseId = await openCase(world, anna);

      const result = await world.service.submitUsername(caseId, 'anna.svensson');

      assert.deepEqual(result, { kind: 'sms-failed' });
      const record = await world.service.getCase(caseId);
      assert.equal(record?.outcome, 'sms-error');
      assert.match(record?.outcomeDetail ?? '', /SmsSendError\(sms-failed\): ACS answered HTTP 500/);
      assert.equal(record?.code, undefined, 'no code is kept for a message that never went out');
      assert.ok(world.audit.list(caseId).some((event) => event.type === 'sms-failed'));
      assertNoSecretsLogged(world, acs);
    });
  });

  describe('when ACS is slow', () => {
    it('gives up within the time limit and records the timeout', async () => {
      const world = await arrange(acs, tls, { timeoutMs: 300 });
      acs.answerNext({ status: 202, delayMs: 2000, body: { value: [] } });
      const caseId = await openCase(world, anna);

      assert.deepEqual(await world.service.submitUsername(caseId, 'anna.svensson'), { kind: 'sms-failed' });
      assert.match(
        (await world.service.getCase(caseId))?.outcomeDetail ?? '',
        /did not answer within 300 ms/,
      );
    });
  });

  describe('when ACS rejects the number', () => {
    it('records the per-recipient refusal on the case', async () => {
      const world = await arrange(acs, tls);
      acs.rejectedNumbers.add('+46701740605');
      const caseId = await openCase(world, anna);

      assert.deepEqual(await world.service.submitUsername(caseId, 'anna.svensson'), { kind: 'sms-failed' });
      const detail = (await world.service.getCase(caseId))?.outcomeDetail ?? '';
      assert.match(detail, /did not accept the message \(HTTP 400/);
      assert.ok(!detail.includes('1740605'), detail);
    });
  });

  describe('when the directory number is not allowed', () => {
    it('sends nothing and records "number not allowed"', async () => {
      const world = await arrange(acs, tls, { allowedCountries: ['NO'] });
      const caseId = await openCase(world, anna);

      assert.deepEqual(await world.service.submitUsername(caseId, 'anna.svensson'), { kind: 'sms-failed' });
      assert.equal(acs.requests.length, 0);
      assert.match(
        (await world.service.getCase(caseId))?.outcomeDetail ?? '',
        /number not allowed \(country-not-allowed\)/,
      );
    });
  });

  describe('when a new code cannot be sent after a first one arrived', () => {
    it('closes the case, so the first code stops working too', async () => {
      const world = await arrange(acs, tls);
      const caseId = await openCase(world, anna);
      assert.equal((await world.service.submitUsername(caseId, 'anna.svensson')).kind, 'code-sent');
      const first = lastCodeAt(acs);
      world.clock.advance(seconds(61));
      acs.answerNext({ status: 503 }, { status: 503 });

      assert.deepEqual(await world.service.resendCode(caseId), { kind: 'sms-failed' });
      assert.deepEqual(await world.service.verifyCode(caseId, first), {
        kind: 'case-closed',
        outcome: 'sms-error',
      });
    });
  });

  describe('when the hourly budget is used up', () => {
    it('sends no more codes, gives the service-desk answer and raises a throttled audit event', async () => {
      const world = await arrange(acs, tls, { budget: 2 });
      for (const [requester, username] of [
        [anna, 'anna.svensson'],
        [bertil, 'bertil.berg'],
      ] as const) {
        const caseId = await openCase(world, requester);
        assert.equal((await world.service.submitUsername(caseId, username)).kind, 'code-sent');
      }
      const caseId = await openCase(world, david);

      const result = await world.service.submitUsername(caseId, 'david.dahl');

      assert.deepEqual(result, { kind: 'sms-failed' });
      assert.equal(acs.requests.length, 2);
      const record = await world.service.getCase(caseId);
      assert.equal(record?.outcome, 'sms-error');
      assert.equal(record?.outcomeDetail, 'sms hourly budget');
      assert.ok(
        world.audit
          .list(caseId)
          .some((event) => event.type === 'throttled' && event.detail === 'sms hourly budget'),
      );
      assertNoSecretsLogged(world, acs);
    });

    it('answers someone asking about another account uniformly', async () => {
      const world = await arrange(acs, tls, { budget: 1 });
      await world.service.submitUsername(await openCase(world, anna), 'anna.svensson');
      const caseId = await openCase(world, david);

      assert.deepEqual(await world.service.submitUsername(caseId, 'bertil.berg'), {
        kind: 'code-sent-if-exists',
      });
      assert.equal(acs.requests.length, 1);
    });

    it('sends again once the hour, and the minute the SMS was counted in, have slid past', async () => {
      const world = await arrange(acs, tls, { budget: 1 });
      await world.service.submitUsername(await openCase(world, anna), 'anna.svensson');
      world.clock.advance(hours(1) + seconds(61));

      const caseId = await openCase(world, bertil);

      assert.equal((await world.service.submitUsername(caseId, 'bertil.berg')).kind, 'code-sent');
      assert.equal(acs.requests.length, 2);
    });
  });
});
