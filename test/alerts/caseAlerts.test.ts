import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import sinon from 'sinon';
import { alertKindsOf, type AlertKind } from '../../src/alerts/alertKinds';
import { CaseAlerts, type Alert, type AlertPoster, type SentAlert } from '../../src/alerts/caseAlerts';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH, type DemoDirectory } from '../../src/demo/demoDirectory';
import type { AuditEvent } from '../../src/reset/audit';
import type { Requester } from '../../src/reset/case';
import { DirectoryUnavailableError } from '../../src/reset/errors';
import type { ResetService } from '../../src/reset/resetService';
import { BotStorageRecordStore } from '../../src/storage/botStorageRecordStore';
import { MemoryAuditLog } from '../../src/storage/memory/auditLog';
import { MemoryCaseStore } from '../../src/storage/memory/caseStore';
import { FakeClock } from '../support/fakeClock';
import { memoryLogger, type MemoryLogStream } from '../support/memoryLog';
import { RecordingSmsSender } from '../support/recordingSms';
import { buildResetService } from '../support/resetWorld';

const anna: Requester = {
  userId: '29:anna',
  aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01',
  name: 'Anna Svensson',
};
const cecilia: Requester = {
  userId: '29:cecilia',
  aadObjectId: 'd856c0d2-b531-4919-97d3-da4a991d6664',
  name: 'Cecilia Ceder',
};

/** Keeps what it is asked to post; can be told to fail like a Teams outage. */
class RecordingPoster implements AlertPoster {
  readonly posted: Alert[] = [];
  failure: Error | undefined;

  post(alert: Alert): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    this.posted.push(alert);
    return Promise.resolve();
  }

  kinds(): AlertKind[] {
    return this.posted.map((alert) => alert.kind);
  }
}

interface World {
  readonly service: ResetService;
  readonly alerts: CaseAlerts;
  readonly poster: RecordingPoster;
  readonly directory: DemoDirectory;
  readonly sms: RecordingSmsSender;
  readonly log: MemoryLogStream;
  readonly storage: MemoryStorage;
}

async function arrange(options: { budget?: number; storage?: MemoryStorage } = {}): Promise<World> {
  const directory = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);
  const sms = new RecordingSmsSender();
  const { logger, log } = memoryLogger('debug');
  const poster = new RecordingPoster();
  const storage = options.storage ?? new MemoryStorage();
  const alerts = new CaseAlerts({
    poster,
    sent: new BotStorageRecordStore<SentAlert>(storage, 'alerts/sent'),
    logger,
  });
  const service = buildResetService({
    directory,
    sms,
    cases: alerts.caseStore(new MemoryCaseStore()),
    audit: alerts.auditLog(new MemoryAuditLog()),
    clock: new FakeClock('2025-03-10T08:00:00.000Z'),
    logger,
    ...(options.budget !== undefined ? { budget: options.budget } : {}),
  });
  return { service, alerts, poster, directory, sms, log, storage };
}

async function askFor(world: World, requester: Requester, username: string): Promise<string> {
  const record = await world.service.startCase({
    conversationId: `a:${requester.userId}`,
    requester,
    locale: 'sv',
  });
  await world.service.submitUsername(record.id, username);
  await world.alerts.flush();
  return record.id;
}

describe('CaseAlerts (around the reset service’s audit log and case store)', () => {
  afterEach(() => sinon.restore());

  describe('when Cecilia asks about her own account, which has no phone', () => {
    it('posts one no-phone alert, with the account as saved on the case', async () => {
      const world = await arrange();

      const caseId = await askFor(world, cecilia, 'cecilia.ceder');

      assert.deepEqual(world.poster.kinds(), ['no-phone']);
      const [alert] = world.poster.posted;
      assert.equal(alert?.record.id, caseId);
      assert.equal(alert?.record.account?.displayName, 'Cecilia Ceder');
      assert.equal(alert?.record.ownAccount, true);
      assert.equal(alert?.record.outcome, 'no-phone');
    });
  });

  describe('when Anna asks about Bertil’s account', () => {
    it('posts a not-own-account alert and nothing else', async () => {
      const world = await arrange();

      await askFor(world, anna, 'bertil.berg');

      assert.deepEqual(world.poster.kinds(), ['not-own-account']);
      assert.equal(world.poster.posted[0]?.record.account?.username, 'bertil.berg');
      assert.equal(world.poster.posted[0]?.record.requester.name, 'Anna Svensson');
    });
  });

  describe('when Anna unlocks her own account without trouble', () => {
    it('posts nothing', async () => {
      const world = await arrange();
      const caseId = await askFor(world, anna, 'anna.svensson');
      await world.service.verifyCode(caseId, world.sms.lastCode());
      await world.service.choose(caseId, 'unlock');
      await world.service.unlock(caseId);
      await world.alerts.flush();

      assert.deepEqual(world.poster.kinds(), []);
    });
  });

  describe('when the per-account throttle blocks a sixth code within the hour', () => {
    it('posts a blocked alert for that case only', async () => {
      const world = await arrange();
      for (let i = 0; i < 5; i++) await askFor(world, anna, 'anna.svensson');
      assert.deepEqual(world.poster.kinds(), []);

      const caseId = await askFor(world, anna, 'anna.svensson');

      assert.deepEqual(world.poster.kinds(), ['blocked']);
      assert.equal(world.poster.posted[0]?.record.id, caseId);
    });
  });

  describe('when the service-wide hourly SMS budget is reached', () => {
    it('posts an sms-budget alert, not a blocked one', async () => {
      const world = await arrange({ budget: 1 });
      await askFor(world, anna, 'anna.svensson');

      await askFor(
        world,
        { userId: '29:david', aadObjectId: '9404fdb5-87b3-43d2-a9a3-58cf44e8435b', name: 'David Dahl' },
        'david.dahl',
      );

      assert.deepEqual(world.poster.kinds(), ['sms-budget']);
    });
  });

  describe('when the SMS provider fails', () => {
    it('posts an sms-failed alert', async () => {
      const world = await arrange();
      world.sms.failWith();

      await askFor(world, anna, 'anna.svensson');

      assert.deepEqual(world.poster.kinds(), ['sms-failed']);
    });
  });

  describe('when the directory does not answer', () => {
    it('posts a directory-error alert', async () => {
      const world = await arrange();
      sinon.stub(world.directory, 'findByUsername').rejects(new DirectoryUnavailableError('LDAP timeout'));

      await askFor(world, anna, 'bertil.berg');

      assert.deepEqual(world.poster.kinds(), ['directory-error']);
    });
  });

  describe('when the same alert is called for twice in one case', () => {
    it('posts it once', async () => {
      const world = await arrange();
      world.sms.failWith();
      const caseId = await askFor(world, anna, 'bertil.berg');
      const record = await world.service.getCase(caseId);
      assert.ok(record);
      const cases = world.alerts.caseStore(new MemoryCaseStore());
      const audit = world.alerts.auditLog(new MemoryAuditLog());

      for (let i = 0; i < 2; i++) {
        await audit.record({ at: record.updatedAt, caseId, type: 'sms-failed' });
        await cases.save(record, i === 0 ? undefined : '1');
      }
      await world.alerts.flush();

      assert.deepEqual(world.poster.kinds().sort(), ['not-own-account', 'sms-failed']);
    });
  });

  describe('when two instances share the storage and see the same case', () => {
    it('only one of them posts', async () => {
      const storage = new MemoryStorage();
      const first = await arrange({ storage });
      const second = await arrange({ storage });
      const caseId = await askFor(first, cecilia, 'cecilia.ceder');
      const record = (await first.service.getCase(caseId))!;

      await second.alerts.auditLog(new MemoryAuditLog()).record({
        at: record.updatedAt,
        caseId,
        type: 'outcome',
        outcome: 'no-phone',
      });
      await second.alerts.caseStore(new MemoryCaseStore()).save(record);
      await second.alerts.flush();

      assert.deepEqual(first.poster.kinds(), ['no-phone']);
      assert.deepEqual(second.poster.kinds(), []);
    });
  });

  describe('when posting fails', () => {
    it('the user still gets the answer, the failure is logged once and not retried', async () => {
      const world = await arrange();
      world.poster.failure = new Error('connector answered 503');
      const record = await world.service.startCase({
        conversationId: 'a:1',
        requester: cecilia,
        locale: 'sv',
      });

      const result = await world.service.submitUsername(record.id, 'cecilia.ceder');
      await world.alerts.flush();

      assert.deepEqual(result, { kind: 'no-phone' });
      const warnings = world.log.entries().filter((entry) => entry['msg'] === 'alert could not be posted');
      assert.equal(warnings.length, 1);
      assert.equal(warnings[0]?.['caseId'], record.id);
      world.poster.failure = undefined;
      await world.service.close(record.id, 'cancelled');
      await world.alerts.flush();
      assert.deepEqual(world.poster.kinds(), [], 'a failed alert is not posted again at the next save');
    });
  });

  describe('when a case with alerts waiting is never saved', () => {
    it('drops the oldest beyond the limit with a warning', async () => {
      const { logger, log } = memoryLogger('debug');
      const poster = new RecordingPoster();
      const alerts = new CaseAlerts({
        poster,
        sent: new BotStorageRecordStore<SentAlert>(new MemoryStorage(), 'alerts/sent'),
        logger,
        maxWaitingCases: 1,
      });
      const audit = alerts.auditLog(new MemoryAuditLog());

      await audit.record({ at: '2025-03-10T08:00:00.000Z', caseId: 'case-1', type: 'sms-failed' });
      await audit.record({ at: '2025-03-10T08:00:00.000Z', caseId: 'case-2', type: 'sms-failed' });

      const dropped = log
        .entries()
        .filter((entry) => entry['msg'] === 'alerts dropped: their case was never saved');
      assert.deepEqual(
        dropped.map((entry) => entry['caseId']),
        ['case-1'],
      );
    });
  });
});

describe('alertKindsOf', () => {
  const at = '2025-03-10T08:00:00.000Z';
  const table: [Omit<AuditEvent, 'at' | 'caseId'>, AlertKind[]][] = [
    [{ type: 'started' }, []],
    [{ type: 'account-entered', ownAccount: true }, []],
    [{ type: 'account-entered', ownAccount: false }, ['not-own-account']],
    [{ type: 'account-entered' }, []],
    [{ type: 'throttled', detail: 'sms per account' }, ['blocked']],
    [{ type: 'throttled', detail: 'code guesses per account' }, ['blocked']],
    [{ type: 'throttled', detail: 'sms hourly budget' }, ['sms-budget']],
    [{ type: 'sms-failed' }, ['sms-failed']],
    [{ type: 'directory-error' }, ['directory-error']],
    [{ type: 'outcome', outcome: 'no-phone' }, ['no-phone']],
    [{ type: 'outcome', outcome: 'directory-error' }, ['directory-error']],
    [{ type: 'outcome', outcome: 'blocked', detail: 'account disabled' }, []],
    [{ type: 'outcome', outcome: 'unlocked' }, []],
    [{ type: 'outcome', outcome: 'manager-refused' }, ['possible-impersonation']],
    [{ type: 'manager-approved' }, []],
    [{ type: 'approval-press-refused' }, []],
  ];
  for (const [event, kinds] of table) {
    it(`${JSON.stringify(event)} → [${kinds.join(', ')}]`, () => {
      assert.deepEqual(alertKindsOf({ at, caseId: 'c', ...event }), kinds);
    });
  }
});
