import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { GraphSignInLog } from '../../src/graph/signInLog';
import type { Logger } from '../../src/reset/ports';
import { GraphEmulator, type EmulatedSignIn } from '../support/graphEmulator';
import { ANNA, graphAgainst } from './fixture';

const CHANGED = new Date('2026-12-07T08:00:00Z');
const LOCKED = new Date('2026-12-07T08:12:00Z');

function signIn(minute: number, errorCode: number, changes: Partial<EmulatedSignIn> = {}): EmulatedSignIn {
  return {
    id: randomUUID(),
    createdDateTime: new Date(CHANGED.getTime() + minute * 60_000).toISOString().replace('.000', ''),
    userId: ANNA.id,
    userPrincipalName: ANNA.userPrincipalName,
    appDisplayName: 'Office 365 Exchange Online',
    clientAppUsed: 'Exchange ActiveSync',
    status: {
      errorCode,
      failureReason: errorCode === 50126 ? 'Invalid username or password.' : 'Account is locked.',
    },
    deviceDetail: { deviceId: '', displayName: '', operatingSystem: 'iPhone', browser: '' },
    ...changes,
  };
}

describe('GraphSignInLog against the Graph emulator', () => {
  const emulator = new GraphEmulator([ANNA]);
  let graph: ReturnType<typeof graphAgainst>;
  let log: GraphSignInLog;

  before(async () => {
    await emulator.start();
    graph = graphAgainst(emulator);
  });
  after(() => emulator.stop());
  beforeEach(() => {
    emulator.reset();
    emulator.signIns.length = 0;
    warnings.length = 0;
    log = new GraphSignInLog(graph.api, emulator.baseUrl, recordingLogger);
  });

  const warnings: { obj: object; msg?: string }[] = [];
  const recordingLogger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => warnings.push({ obj, ...(msg !== undefined ? { msg } : {}) }),
    error: () => undefined,
    child: () => recordingLogger,
  };

  describe('when failed sign-ins came from a phone mail app before the relock', () => {
    it('names the protocol and the device, most frequent first, and ignores successes', async () => {
      emulator.signIns.push(
        signIn(3, 50126),
        signIn(5, 50126),
        signIn(6, 50126, {
          clientAppUsed: 'Mobile Apps and Desktop clients',
          appDisplayName: 'Microsoft Outlook',
          deviceDetail: { displayName: 'PC-4711', operatingSystem: 'Windows 10' },
        }),
        signIn(11, 50053),
        signIn(7, 0, { clientAppUsed: 'Browser', appDisplayName: 'Microsoft Teams' }),
        // Another person's, and one from before the bot's change.
        signIn(4, 50126, { userId: '11111111-2222-4333-8444-555555555555', clientAppUsed: 'IMAP4' }),
        signIn(-5, 50126, { clientAppUsed: 'POP3' }),
      );

      const sources = await log.failedSignInSources(ANNA.id, CHANGED, LOCKED);

      assert.deepEqual(sources, ['Exchange ActiveSync, iPhone', 'Microsoft Outlook, PC-4711']);
      const [request] = emulator.graphRequests();
      assert.equal(request?.path, '/auditLogs/signIns');
      assert.equal(
        request?.query.get('$filter'),
        `userId eq '${ANNA.id}' and createdDateTime ge 2026-12-07T08:00:00.000Z and createdDateTime le 2026-12-07T08:12:00.000Z`,
      );
    });
  });

  describe('when the answer comes in pages', () => {
    it('follows @odata.nextLink', async () => {
      // 120 successful sign-ins after the failed one: it is on the second page of 100.
      for (let i = 0; i < 120; i++) emulator.signIns.push(signIn(5, 0));
      emulator.signIns.push(signIn(2, 50126));

      assert.deepEqual(await log.failedSignInSources(ANNA.id, CHANGED, LOCKED), [
        'Exchange ActiveSync, iPhone',
      ]);
      assert.deepEqual(
        emulator.graphRequests().map((request) => [request.query.get('$skiptoken'), request.status]),
        [
          [null, 200],
          ['100', 200],
        ],
      );
    });
  });

  describe('when Graph shows no failed sign-ins (an on-premises lockout)', () => {
    it('names nothing', async () => {
      assert.deepEqual(await log.failedSignInSources(ANNA.id, CHANGED, LOCKED), []);
    });
  });

  describe('when AuditLog.Read.All is not granted', () => {
    it('reads nothing and tells the operator once why', async () => {
      emulator.deny('AuditLog.Read.All');
      warnings.length = 0;

      assert.equal(await log.failedSignInSources(ANNA.id, CHANGED, LOCKED), undefined);
      assert.equal(await log.failedSignInSources(ANNA.id, CHANGED, LOCKED), undefined);

      assert.equal(warnings.length, 1);
      assert.match(warnings[0]?.msg ?? '', /grant the application permission AuditLog\.Read\.All/);
      assert.deepEqual(warnings[0]?.obj, { reason: 'not-permitted', detail: 'Authorization_RequestDenied' });
    });
  });

  describe('when Graph throttles once with Retry-After', () => {
    it('waits and reads', async () => {
      emulator.failNext(1, { status: 429, retryAfterSeconds: 1 });
      emulator.signIns.push(signIn(3, 50126));

      assert.deepEqual(await log.failedSignInSources(ANNA.id, CHANGED, LOCKED), [
        'Exchange ActiveSync, iPhone',
      ]);
      assert.deepEqual(
        emulator.graphRequests().map((request) => request.status),
        [429, 200],
      );
    });
  });
});
