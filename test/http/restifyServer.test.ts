import assert from 'node:assert/strict';
import { once } from 'node:events';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import {
  createHttpServer,
  getAndHead,
  notFoundUnder,
  route,
  type HttpRequest,
} from '../../src/http/restifyServer';
import { botResponse, redirect, sendJson, sendText } from '../../src/http/responses';
import type { Logger } from '../../src/reset/ports';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

interface Line {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Record<string, unknown>;
  readonly msg: string | undefined;
}

/** A logger that keeps every line, to check what reaches the log (and what does not). */
function recordingLogger(lines: Line[]): Logger {
  const at =
    (level: Line['level']) =>
    (fields: object, msg?: string): void => {
      lines.push({ level, fields: fields as Record<string, unknown>, msg });
    };
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return logger;
}

describe('the HTTP layer on restify (createHttpServer)', () => {
  let server: Server;
  let base: string;
  let lines: Line[];
  let seen: HttpRequest | undefined;

  /** What was logged as a refusal or failure: status, and the error text the log got. */
  const refused = () =>
    lines
      .filter((line) => line.msg === 'request refused' || line.msg === 'request failed')
      .map((line) => ({ status: line.fields['status'] ?? 500, err: String(line.fields['err']) }));

  beforeEach(async () => {
    lines = [];
    seen = undefined;
    server = createHttpServer({
      maxBodyBytes: 1024,
      headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
      logger: recordingLogger(lines),
      routine: (method, path) => path === '/favicon.ico' || (path === '/things' && method === 'HEAD'),
    });
    getAndHead(server, '/things/:id', (req, res) => {
      seen = req;
      sendJson(res, 200, { id: (req.params as Record<string, string>)['id'] });
    });
    server.post(
      '/things',
      route((req, res) => {
        seen = req;
        const type = req.headers['content-type'] === undefined ? null : req.getContentType();
        sendJson(res, 200, { contentType: type, body: (req.body as unknown) ?? null });
      }),
    );
    server.get(
      '/moved',
      route((_req, res) => redirect(res, 302, '/things/1')),
    );
    server.get(
      '/page',
      route((_req, res) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.removeHeader('Cache-Control');
        sendText(res, 200, '<p>sida</p>');
      }),
    );
    server.get(
      '/broken',
      route(() => {
        throw new Error('secret detail at /srv/app.js:12');
      }),
    );
    server.post(
      '/bot',
      route((_req, res) => {
        const out = botResponse(res);
        out.status(200);
        out.send({ statusCode: 200, value: 'kort' });
        out.end();
      }),
    );
    server.post(
      '/bot/refused',
      route((_req, res) => {
        const out = botResponse(res);
        out.status(401);
        out.send('Unauthorized. Invalid AppId passed on token: eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl');
        out.end();
      }),
    );
    notFoundUnder(server, '/help', (_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      sendText(res, 404, '<p>Sidan finns inte</p>');
    });
    await new Promise<void>((resolve) => server.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.server.closeAllConnections();
    await new Promise((resolve) => server.server.close(resolve));
  });

  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function postAs(path: string, contentType: string, body: string): Promise<Answer> {
    return call(path, { method: 'POST', headers: { 'content-type': contentType }, body });
  }

  function postJson(path: string, body: string): Promise<Answer> {
    return postAs(path, 'application/json', body);
  }

  describe('when a route matches', () => {
    it('passes the decoded path parameters, the path and the query as sent', async () => {
      const answer = await call('/things/a%20b?x=1');
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.text), { id: 'a b' });
      assert.equal(seen?.getPath(), '/things/a%20b');
      assert.equal(seen?.url, '/things/a%20b?x=1');
    });

    it('answers a malformed escape with 404 instead of failing', async () => {
      const answer = await call('/things/%E0%A4%A');
      assert.equal(answer.status, 404);
      assert.doesNotMatch(answer.text, /URIError|at .*\.js/);
    });

    it('sends the common headers with every answer, and a handler may drop one', async () => {
      const json = await call('/things/1');
      assert.equal(json.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(json.headers.get('cache-control'), 'no-store');
      assert.equal(json.headers.get('server'), null, 'no Server header');
      const page = await call('/page');
      assert.equal(page.headers.get('cache-control'), null);
      assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
      const missing = await call('/nowhere');
      assert.equal(missing.headers.get('x-content-type-options'), 'nosniff');
    });

    it('redirects with a Location and no body', async () => {
      const answer = await call('/moved');
      assert.equal(answer.status, 302);
      assert.equal(answer.headers.get('location'), '/things/1');
      assert.equal(answer.text, '');
    });

    it('answers HEAD on a GET route without a body', async () => {
      const answer = await call('/things/1', { method: 'HEAD' });
      assert.equal(answer.status, 200);
      assert.equal(answer.text, '');
    });
  });

  describe('when a body comes', () => {
    it('parses JSON, and a form into strings', async () => {
      const json = await postAs('/things', 'application/json; charset=utf-8', '{"a":[1,2]}');
      assert.deepEqual(JSON.parse(json.text), { contentType: 'application/json', body: { a: [1, 2] } });
      const form = await postAs('/things', 'application/x-www-form-urlencoded', 'csrf=abc&x=%C3%A5');
      assert.deepEqual(JSON.parse(form.text), {
        contentType: 'application/x-www-form-urlencoded',
        body: { csrf: 'abc', x: 'å' },
      });
    });

    it('hands other text over as text, and no body as none', async () => {
      const text = await postAs('/things', 'text/plain', 'hej');
      assert.deepEqual(JSON.parse(text.text), { contentType: 'text/plain', body: 'hej' });
      const empty = await call('/things', { method: 'POST' });
      assert.deepEqual(JSON.parse(empty.text), { contentType: null, body: null });
    });

    it('refuses multipart, CSV and compressed bodies with 415 before parsing them', async () => {
      const multipart = await postAs(
        '/things',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="a"; filename="a.txt"\r\n\r\nhej\r\n--x--\r\n',
      );
      assert.equal(multipart.status, 415);
      assert.equal((await postAs('/things', 'text/csv', 'a,b\n1,2')).status, 415);
      const gzip = await call('/things', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: '{}',
      });
      assert.equal(gzip.status, 415);
      assert.equal(seen, undefined);
    });

    it('refuses malformed JSON with 400 and keeps the parser error for the log only', async () => {
      const answer = await postJson('/things', '{"a": ');
      assert.equal(answer.status, 400);
      assert.deepEqual(JSON.parse(answer.text), {
        error: 'bad-request',
        message: 'The request could not be read (malformed JSON?).',
      });
      assert.equal(refused()[0]?.status, 400);
      assert.match(refused()[0]?.err ?? '', /JSON/);
      assert.equal(seen, undefined);
    });

    it('logs where malformed JSON broke, never the text (V8 quotes it in its message)', async () => {
      for (const body of ['Kanelbulle42 123456', '{"newPassword":"Kanelbulle42" 123456']) {
        const answer = await postJson('/things', body);
        assert.equal(answer.status, 400);
        assert.doesNotMatch(answer.text, /Kanelbulle42|123456/);
      }
      assert.deepEqual(
        refused().map((r) => r.err),
        ['malformed JSON', 'malformed JSON at position 30'],
      );
      assert.doesNotMatch(JSON.stringify(lines), /Kanelbulle42|123456/);
    });

    it('answers malformed JSON as JSON whatever the client accepts, without the body', async () => {
      const answer = await call('/things', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/plain' },
        body: 'Kanelbulle42 123456',
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('content-type'), 'application/json');
      assert.doesNotMatch(answer.text, /Kanelbulle42|InvalidContent|JSON:/);
    });

    it('refuses a body over the limit with 413, declared or streamed, and stays up', async () => {
      const declared = await postJson('/things', JSON.stringify({ text: 'x'.repeat(2000) }));
      assert.equal(declared.status, 413);
      const streamed = await chunkedPost('/things', ['{"text":"', 'x'.repeat(800), 'y'.repeat(800), '"}']);
      assert.equal(streamed, 413);
      assert.equal(seen, undefined);
      assert.equal((await call('/things/1')).status, 200);
    });
  });

  describe('when no route answers', () => {
    it('answers an unknown path with 404 and a known one with another method with 405 and Allow', async () => {
      assert.equal((await call('/nowhere')).status, 404);
      const wrong = await call('/things', { method: 'GET' });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.get('allow'), 'POST');
      assert.deepEqual(JSON.parse(wrong.text), { error: 'bad-request', message: 'Method not allowed.' });
      assert.deepEqual(
        refused().map((r) => r.status),
        [404, 405],
      );
    });

    it('logs routine refusals (a favicon, a probe) at debug, not as refusals', async () => {
      assert.equal((await call('/favicon.ico')).status, 404);
      assert.equal((await call('/things', { method: 'HEAD' })).status, 405);
      assert.deepEqual(refused(), []);
      assert.deepEqual(
        lines.map((line) => [line.level, line.fields['status']]),
        [
          ['debug', 404],
          ['debug', 405],
        ],
      );
    });

    it('lets a prefix answer its own 404 (a page instead of JSON)', async () => {
      const answer = await call('/help/whatever');
      assert.equal(answer.status, 404);
      assert.match(answer.text, /Sidan finns inte/);
      assert.deepEqual(refused(), []);
      assert.match((await call('/helpless')).text, /Not found/);
    });

    it('refuses an upgrade (WebSocket) request and closes its socket instead of leaving it open', async () => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1');
      socket.write('GET /things/1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n');
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
      await once(socket, 'close');
      assert.match(text, /^HTTP\/1\.1 400 /);
      assert.equal(seen, undefined);
    });

    it('turns a handler that throws into a 500 without the error, which goes to the log', async () => {
      const answer = await call('/broken');
      assert.equal(answer.status, 500);
      assert.doesNotMatch(answer.text, /secret|srv|app\.js/);
      assert.equal(refused()[0]?.status, 500);
      assert.match(refused()[0]?.err ?? '', /secret detail/);
      assert.equal((await call('/things/1')).status, 200, 'and stays up');
    });
  });

  describe("when botbuilder writes the answer (CloudAdapter's response shape)", () => {
    it('sends the status and an object as JSON, then ends', async () => {
      const answer = await postJson('/bot', '{}');
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'application/json');
      assert.deepEqual(JSON.parse(answer.text), { statusCode: 200, value: 'kort' });
    });

    it('sends its error texts as our fixed answer (they name claims of the token)', async () => {
      const answer = await postJson('/bot/refused', '{}');
      assert.equal(answer.status, 401);
      assert.deepEqual(JSON.parse(answer.text), { error: 'unauthorized', message: 'Unauthorized.' });
    });
  });

  /** A POST with a chunked body (no Content-Length), as a client that streams sends it. */
  function chunkedPost(path: string, chunks: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = request(
        `${base}${path}`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  }
});
