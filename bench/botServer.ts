/**
 * The bot as the bench runs it: a child process composed with `createApp(loadConfig())` exactly as
 * `npm start` does, except that the directory is wrapped to count calls and the MemoryStorage is one
 * whose contents the bench can size. Settings come from the environment the driver passes.
 */
import { MemoryStorage } from 'botbuilder';
import { loadConfig } from '../src/config';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../src/demo/demoDirectory';
import { createApp } from '../src/index';
import type { AccountDirectory } from '../src/reset/ports';
import { benchSenderOptions, isStatsRequest, processStats, send, type DirectoryCalls } from './protocol';

/** Forwards to the real directory and counts each call. */
export function countingDirectory(inner: AccountDirectory, calls: DirectoryCalls): AccountDirectory {
  return {
    findByUsername: (username) => {
      calls.findByUsername++;
      return inner.findByUsername(username);
    },
    findByAadObjectId: (aadObjectId) => {
      calls.findByAadObjectId++;
      return inner.findByAadObjectId(aadObjectId);
    },
    unlock: (account) => {
      calls.unlock++;
      return inner.unlock(account);
    },
    setPassword: (account, password) => {
      calls.setPassword++;
      return inner.setPassword(account, password);
    },
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const calls: DirectoryCalls = { findByUsername: 0, findByAadObjectId: 0, unlock: 0, setPassword: 0 };
  const directory = countingDirectory(
    await loadDemoDirectory(
      (config.directory.kind === 'demo' ? config.directory.file : undefined) ?? SAMPLE_DIRECTORY_PATH,
    ),
    calls,
  );
  // With STORAGE=memory the bench sizes botbuilder's MemoryStorage; with sqlite the app opens its file.
  const memory: Record<string, string> = {};
  const app = await createApp(config, {
    directory,
    connectorSender: benchSenderOptions(),
    ...(config.storage.kind === 'memory' ? { storage: new MemoryStorage(memory) } : {}),
  });
  const running = await app.start();
  send({ type: 'listening', port: running.port });

  process.on('message', (message: unknown) => {
    if (!isStatsRequest(message)) return;
    // Memory first: the counts below parse every stored case and audit event, which must not be
    // alive (on this function's stack) when the heap is measured.
    const own = processStats(message);
    void (async () => {
      const storageKeys: Record<string, number> = {};
      let storageBytes = 0;
      for (const [key, value] of Object.entries(memory)) {
        const prefix = key.split('/')[0] ?? key;
        storageKeys[prefix] = (storageKeys[prefix] ?? 0) + 1;
        storageBytes += key.length + value.length;
      }
      // botbuilder keeps transcripts in a private map per channel and conversation.
      const channels = (app.transcripts as unknown as { channels?: Map<string, Map<string, unknown[]>> })
        .channels;
      let transcriptActivities = 0;
      for (const conversations of channels?.values() ?? [])
        for (const activities of conversations.values()) transcriptActivities += activities.length;
      const cases = (await app.cases.list({ limit: Number.MAX_SAFE_INTEGER })).length;
      send({
        type: 'stats',
        ...own,
        directoryCalls: { ...calls },
        storageKeys,
        storageBytes,
        cases,
        auditEvents: app.audit.list().length,
        transcriptActivities,
      });
    })();
  });
  process.on('SIGTERM', () => {
    void app.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench bot could not start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
