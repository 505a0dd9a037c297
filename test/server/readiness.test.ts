import assert from 'node:assert/strict';
import { MemoryStorage, type StoreItems } from 'botbuilder';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from '../../src/demo/demoDirectory';
import { DirectoryUnavailableError } from '../../src/reset/errors';
import type { AccountDirectory } from '../../src/reset/ports';
import { startBot, type BotHarness } from '../support/botHarness';

const HOST = 'dc01.kommun.example';

/** Bot state that can be switched to failing, as a storage account that went away would. */
class SwitchableStorage extends MemoryStorage {
  down = false;
  override read(keys: string[]): Promise<StoreItems> {
    return this.down ? Promise.reject(new Error(`connect ECONNREFUSED ${HOST}`)) : super.read(keys);
  }
}

async function readyz(
  bot: BotHarness,
): Promise<{ status: number; text: string; body: Record<string, unknown> }> {
  const answer = await fetch(`${bot.botUrl}/readyz`);
  const text = await answer.text();
  return { status: answer.status, text, body: JSON.parse(text) as Record<string, unknown> };
}

describe('/readyz', () => {
  let bot: BotHarness;
  let directoryDown = false;
  const storage = new SwitchableStorage();

  before(async () => {
    const demo = await loadDemoDirectory(SAMPLE_DIRECTORY_PATH);
    const directory: AccountDirectory = {
      findByUsername: (name) =>
        directoryDown
          ? Promise.reject(new DirectoryUnavailableError(`ldaps://${HOST}:636 did not answer`))
          : demo.findByUsername(name),
      findByAadObjectId: (id) => demo.findByAadObjectId(id),
      unlock: (account) => demo.unlock(account),
      setPassword: (account, password) => demo.setPassword(account, password),
    };
    bot = await startBot({}, { directory, storage });
  });

  after(async () => {
    await bot.stop();
  });

  afterEach(() => {
    directoryDown = false;
    storage.down = false;
  });

  describe('when every dependency answers', () => {
    it('answers 200 and names each dependency as ready', async () => {
      const { status, body } = await readyz(bot);
      assert.equal(status, 200);
      assert.equal(body['status'], 'ready');
      assert.deepEqual(body['dependencies'], { storage: { state: 'ready' }, directory: { state: 'ready' } });
    });
  });

  describe('when the directory does not answer', () => {
    it('answers 503 naming the directory, with the error’s class but not its text', async () => {
      directoryDown = true;
      // The last good answer is reused for 30 s: a fresh bot would probe now; this one probed above.
      const stale = await readyz(bot);
      assert.equal(stale.status, 200, 'a good answer is reused for a while');

      const fresh = await startBot({}, { directory: failingDirectory() });
      try {
        const { status, body, text } = await readyz(fresh);
        assert.equal(status, 503);
        assert.equal(body['status'], 'not-ready');
        assert.deepEqual(body['dependencies'], {
          storage: { state: 'ready' },
          directory: { state: 'not-ready', reason: 'DirectoryUnavailableError' },
        });
        assert.doesNotMatch(text, new RegExp(HOST));
        assert.ok(fresh.logs.some((line) => line.includes('"not ready"') && line.includes('directory')));
      } finally {
        await fresh.stop();
      }
    });
  });

  describe('when the store does not answer', () => {
    it('answers 503 naming the store, without the host', async () => {
      storage.down = true;
      const { status, body, text } = await readyz(bot);
      assert.equal(status, 503);
      assert.deepEqual(body['dependencies'], {
        storage: { state: 'not-ready', reason: 'Error' },
        directory: { state: 'ready' },
      });
      assert.doesNotMatch(text, new RegExp(HOST));

      storage.down = false;
      assert.equal((await readyz(bot)).status, 200, 'ready again once it answers');
    });
  });
});

function failingDirectory(): AccountDirectory {
  const down = () => Promise.reject(new DirectoryUnavailableError(`ldaps://${HOST}:636 did not answer`));
  return { findByUsername: down, findByAadObjectId: down, unlock: down, setPassword: down };
}
