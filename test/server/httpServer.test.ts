import assert from 'node:assert/strict';
import type { ActivityHandler, CloudAdapter } from 'botbuilder';
import { createServer, listen, type RunningServer } from '../../src/server';
import type { Logger } from '../../src/reset/ports';

interface Line {
  readonly level: string;
  readonly fields: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** The shape of CloudAdapter.process that createServer calls: what a stand-in adapter must offer. */
type Process = (
  req: { body?: unknown },
  res: { status(code: number): void; send(body: unknown): void; end(): void },
) => Promise<void>;

const activity = {
  type: 'message',
  serviceUrl: 'http://127.0.0.1:1/',
  channelId: 'msteams',
  from: { id: '29:user' },
  conversation: { id: 'a:conversation' },
  recipient: { id: '28:bot' },
  text: 'hej',
};

describe('the bot server (createServer and listen on restify)', () => {
  let running: RunningServer | undefined;
  let lines: Line[];

  function logger(): Logger {
    const at = (level: string) => (fields: object, msg?: string) => {
      lines.push({ level, fields: fields as Record<string, unknown>, msg });
    };
    const log: Logger = {
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
      child: () => log,
    };
    return log;
  }

  async function start(process: Process): Promise<RunningServer> {
    const adapter = { process } as unknown as CloudAdapter;
    const server = createServer({
      adapter,
      bot: {} as ActivityHandler,
      logger: logger(),
    });
    running = await listen(server, 0, '127.0.0.1');
    return running;
  }

  function post(url: string, body: unknown = activity): Promise<Response> {
    return fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  beforeEach(() => {
    lines = [];
  });

  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  describe('when it is stopped with a request in flight', () => {
    it('lets the request finish, then closes and takes no new ones', async () => {
      let release: () => void = () => undefined;
      const started = new Promise<void>((resolveStarted) => {
        void start(async (_req, res) => {
          resolveStarted();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
          res.status(200);
          res.send({ done: true });
          res.end();
        });
      });
      while (!running) await new Promise((resolve) => setTimeout(resolve, 5));
      const { url } = running;
      const inFlight = post(url);
      await started;
      let closed = false;
      const closing = running.close().then(() => {
        closed = true;
      });
      running = undefined;
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(closed, false, 'close waits for the request');
      release();
      const answer = await inFlight;
      assert.equal(answer.status, 200);
      assert.deepEqual(await answer.json(), { done: true });
      await closing;
      await assert.rejects(fetch(`${url}/healthz`));
    });
  });

  describe('when botbuilder prints while it works on a request', () => {
    it('keeps it off the console and logs it as one line, without stacks', async () => {
      const { url } = await start(async (_req, res) => {
        await Promise.resolve();
        console.error(new Error('The token has expired'));
        console.error('Error finding key for token. Available keys: -----BEGIN PUBLIC KEY-----\nMIIB...');
        res.status(401);
        res.send('Unauthorized. eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJlc2ln');
        res.end();
      });
      const answer = await post(url);
      assert.equal(answer.status, 401);
      assert.doesNotMatch(await answer.text(), /eyJ|token/);
      const refused = lines.filter((line) => line.msg === 'botbuilder refused the request');
      assert.equal(refused.length, 1);
      assert.deepEqual(refused[0]?.fields, {
        status: 401,
        // A plain Error as errorText tells it: its message (a type is named when it is not plain Error).
        botbuilder: ['The token has expired', 'Error finding key for token. Available keys: [omitted]'],
      });
    });
  });

  describe('when something routine is refused', () => {
    it('logs the favicon and the Playground probe at debug, and other refusals as refusals', async () => {
      const { url } = await start(() => Promise.resolve());
      assert.equal((await fetch(`${url}/favicon.ico`)).status, 404);
      const probe = await fetch(`${url}/api/messages`, { method: 'HEAD' });
      assert.equal(probe.status, 405);
      assert.equal(probe.headers.get('allow'), 'POST');
      assert.equal((await fetch(`${url}/api/messages`)).status, 405);
      assert.equal((await fetch(`${url}/nowhere`)).status, 404);
      assert.deepEqual(
        lines.map((line) => [line.level, line.msg]),
        [
          ['debug', 'routine request refused'],
          ['debug', 'routine request refused'],
          ['debug', 'routine request refused'],
          ['info', 'request refused'],
        ],
      );
    });
  });

  describe('when the activity is not JSON or not an activity', () => {
    it('answers 415 and 400 naming what is wrong, before botbuilder sees it', async () => {
      let seen = 0;
      const { url } = await start(() => {
        seen++;
        return Promise.resolve();
      });
      const form = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'type=message',
      });
      assert.equal(form.status, 415);
      const noFrom = await post(url, { ...activity, from: undefined });
      assert.equal(noFrom.status, 400);
      assert.match(await noFrom.text(), /Not a valid activity: from/);
      assert.equal(seen, 0);
    });
  });
});
