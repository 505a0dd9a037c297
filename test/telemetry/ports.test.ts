import assert from 'node:assert/strict';
import { metrics, trace } from '@opentelemetry/api';
import { MemoryStorage, type StoreItem } from 'botbuilder';
import { createInstruments } from '../../src/telemetry/instruments';
import { tracedDirectory, tracedStorage } from '../../src/telemetry/ports';
import { connectorOperation } from '../../src/telemetry/turns';
import type { AccountDirectory } from '../../src/reset/ports';

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
