import assert from 'node:assert/strict';
import { metrics, trace, type Attributes, type Counter } from '@opentelemetry/api';
import { MemoryStorage, type StoreItem } from 'botbuilder';
import type { SenderPolicy } from '../../src/bot/connectorSender';
import { DirectoryUnavailableError, PasswordRejectedError } from '../../src/reset/errors';
import type { AccountDirectory, AuditLog } from '../../src/reset/ports';
import { createInstruments, type Instruments } from '../../src/telemetry/instruments';
import { tracedAudit, tracedDirectory, tracedStorage } from '../../src/telemetry/ports';
import { connectorOperation, tracedConnector } from '../../src/telemetry/turns';

// No provider is registered in this process: spans and meters are no-ops, the decoration is real.
const instruments = createInstruments(trace.getTracer('test'), metrics.getMeter('test'));

describe('telemetry decorators', () => {
  describe('when a port has members beyond the interface', () => {
    it('passes them through: a directory keeps its lockout feed', async () => {
      const seen: Date[] = [];
      const directory: AccountDirectory & { lockedSince(since: Date): Promise<unknown[]> } = {
        findByUsername: () => Promise.resolve(undefined),
        findByAadObjectId: () => Promise.resolve(undefined),
        unlock: () => Promise.resolve('unlocked' as const),
        setPassword: () => Promise.resolve(),
        lockedSince(since: Date) {
          seen.push(since);
          return Promise.resolve([]);
        },
      };
      const traced = tracedDirectory(instruments, directory);
      assert.equal(await traced.findByUsername('someone'), undefined);
      await traced.lockedSince(new Date(0));
      assert.deepEqual(seen, [new Date(0)]);
    });

    it('passes them through: storage keeps its create-only write', async () => {
      class CreateOnly extends MemoryStorage {
        created: string[] = [];
        createIfAbsent(key: string, _item: StoreItem): Promise<boolean> {
          this.created.push(key);
          return Promise.resolve(true);
        }
      }
      const storage = new CreateOnly();
      const traced = tracedStorage(instruments, storage);
      assert.equal(await traced.createIfAbsent('k', {}), true);
      assert.deepEqual(storage.created, ['k']);
      await traced.write({ a: { value: 1 } });
      assert.deepEqual(Object.keys(await traced.read(['a'])), ['a']);
    });
  });

  describe('when an error passes through', () => {
    it('rethrows it unchanged', async () => {
      const failure = new Error('directory down');
      const directory = tracedDirectory<AccountDirectory>(instruments, {
        findByUsername: () => Promise.reject(failure),
        findByAadObjectId: () => Promise.resolve(undefined),
        unlock: () => Promise.resolve('unlocked' as const),
        setPassword: () => Promise.resolve(),
      });
      await assert.rejects(directory.findByUsername('x'), (error) => error === failure);
    });
  });

  describe('when a connector call is named', () => {
    it('reads the operation from the path, not the ids', () => {
      const base = 'https://smba.trafficmanager.net/emea/v3/conversations/a%3A1xyz';
      const cases: [string, string, string][] = [
        ['POST', `${base}/activities`, 'send'],
        ['POST', `${base}/activities/1234`, 'reply'],
        ['PUT', `${base}/activities/1234`, 'update'],
        ['DELETE', `${base}/activities/1234`, 'delete'],
        ['POST', 'https://smba.trafficmanager.net/emea/v3/conversations', 'create-conversation'],
        ['GET', `${base}/members`, 'members'],
      ];
      for (const [method, url, expected] of cases)
        assert.equal(connectorOperation({ method, url }), expected, `${method} ${url}`);
    });
  });
});

/** Instruments whose counters remember what they were given (the tracer stays a no-op). */
function recordingInstruments() {
  const counted: Record<'throttled' | 'failed' | 'cases' | 'smsSent', Attributes[]> = {
    throttled: [],
    failed: [],
    cases: [],
    smsSent: [],
  };
  const counter = (name: keyof typeof counted): Counter => ({
    add: (_value: number, attributes: Attributes = {}) => {
      counted[name].push(attributes);
    },
  });
  const instruments: Instruments = {
    tracer: trace.getTracer('test'),
    cases: counter('cases'),
    smsSent: counter('smsSent'),
    throttled: counter('throttled'),
    failed: counter('failed'),
    turnDuration: { record: () => undefined },
  };
  return { instruments, counted };
}

describe('telemetry counters', () => {
  const directoryFailing = (error: Error): AccountDirectory => ({
    findByUsername: () => Promise.reject(error),
    findByAadObjectId: () => Promise.resolve(undefined),
    unlock: () => Promise.resolve('unlocked' as const),
    setPassword: () => Promise.reject(error),
  });

  describe('when a directory call fails, is throttled or is refused', () => {
    it('counts a failure, a 429 in the cause chain as throttled, and a refusal as neither', async () => {
      const { instruments: i, counted } = recordingInstruments();
      const throttled = Object.assign(new Error('429'), { statusCode: 429 });
      await assert.rejects(
        tracedDirectory(i, directoryFailing(new DirectoryUnavailableError('down'))).findByUsername('x'),
      );
      await assert.rejects(
        tracedDirectory(
          i,
          directoryFailing(new DirectoryUnavailableError('busy', { cause: throttled })),
        ).findByUsername('x'),
      );
      const account = { id: '1', username: 'u', upn: 'u@x', source: 'cloud' as const };
      await assert.rejects(
        tracedDirectory(i, directoryFailing(new PasswordRejectedError(['history']))).setPassword(
          account,
          'p',
        ),
      );
      assert.deepEqual(counted.failed, [
        { 'reset.dependency': 'directory', 'reset.operation': 'findByUsername' },
      ]);
      assert.deepEqual(counted.throttled, [
        { 'reset.dependency': 'directory', 'reset.operation': 'findByUsername' },
      ]);
    });
  });

  describe('when the connector answers 429 before it succeeds, or fails', () => {
    it('counts each 429 as throttled and a final error status as failed', async () => {
      const { instruments: i, counted } = recordingInstruments();
      const statuses = [429, 200, 500];
      const sender: SenderPolicy = {
        name: 'connectorSender',
        // Like the real sender: tries again after a 429.
        sendRequest: async (request, next) => {
          const first = await next(request);
          return first.status === 429 ? next(request) : first;
        },
      };
      const next = () =>
        Promise.resolve({ status: statuses.shift() ?? 0, headers: { get: () => undefined } });
      const traced = tracedConnector(i, sender);
      const url = 'https://smba.example/v3/conversations/a/activities/1';
      assert.equal((await traced.sendRequest({ method: 'PUT', url }, next)).status, 200);
      assert.equal((await traced.sendRequest({ method: 'POST', url }, next)).status, 500);
      assert.deepEqual(counted.throttled, [{ 'reset.dependency': 'connector' }]);
      assert.deepEqual(counted.failed, [{ 'reset.dependency': 'connector', 'reset.operation': 'reply' }]);
    });
  });

  describe('when the audit trail records a case’s outcome', () => {
    it('counts the case once, by outcome', async () => {
      const { instruments: i, counted } = recordingInstruments();
      const log = tracedAudit<AuditLog>(i, { record: () => Promise.resolve() });
      const at = new Date(0).toISOString();
      await log.record({ at, caseId: 'c1', type: 'code-sent' });
      await log.record({ at, caseId: 'c1', type: 'outcome', outcome: 'unlocked' });
      assert.deepEqual(counted.cases, [{ 'reset.outcome': 'unlocked' }]);
    });
  });
});
