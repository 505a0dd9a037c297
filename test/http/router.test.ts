import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { botResponse, redirect, Router, sendJson, sendText, type HttpRequest } from '../../src/http/router';

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

describe('the HTTP router', () => {
  let server: Server;
  let base: string;
  let refused: { status: number; path: string; error: string | undefined }[];
  let seen: HttpRequest | undefined;

  beforeEach(async () => {
    refused = [];
    seen = undefined;
    const router = new Router({
      maxBodyBytes: 1024,
      headers: { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
      onError: (req, res, status, error) => {
        refused.push({ status, path: req.path, error: error?.message });
        sendJson(res, status, { error: status });
      },
    });
    router.get('/things/:id', (req, res) => {
      seen = req;
      sendJson(res, 200, { id: req.params['id'] });
    });
    router.post('/things', (req, res) => {
      seen = req;
      sendJson(res, 200, { contentType: req.contentType ?? null, body: req.body ?? null });
    });
    router.get('/moved', (_req, res) => redirect(res, 302, '/things/1'));
    router.get('/page', (_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.removeHeader('Cache-Control');
      sendText(res, 200, '<p>sida</p>');
    });
    router.get('/broken', () => {
      throw new Error('secret detail at /srv/app.js:12');
    });
    router.post('/bot', (_req, res) => {
      const out = botResponse(res);
      out.status(200);
      out.send({ statusCode: 200, value: 'kort' });
      out.end();
    });
    router.notFoundUnder('/help', (_req, res) => {
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      sendText(res, 404, '<p>Sidan finns inte</p>');
    });
    server = createServer(router.listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const response = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function postJson(path: string, body: string): Promise<Answer> {
    return call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  }

  describe('when a route matches', () => {
    it('passes the decoded path parameters, the path and the query as sent', async () => {
      const answer = await call('/things/a%20b?x=1');
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(answer.text), { id: 'a b' });
      assert.equal(seen?.path, '/things/a%20b');
      assert.equal(seen?.url, '/things/a%20b?x=1');
    });

    it('keeps a malformed escape as sent instead of failing', async () => {
      const answer = await call('/things/%E0%A4%A');
      assert.deepEqual(JSON.parse(answer.text), { id: '%E0%A4%A' });
    });

    it('sends the common headers with every answer, and a handler may drop one', async () => {
      const json = await call('/things/1');
      assert.equal(json.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(json.headers.get('cache-control'), 'no-store');
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
      const json = await call('/things', {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: '{"a":[1,2]}',
      });
      assert.deepEqual(JSON.parse(json.text), { contentType: 'application/json', body: { a: [1, 2] } });
      const form = await call('/things', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'csrf=abc&x=%C3%A5',
      });
      assert.deepEqual(JSON.parse(form.text), {
        contentType: 'application/x-www-form-urlencoded',
        body: { csrf: 'abc', x: 'å' },
      });
    });

    it('hands other media types over as text, and no body as none', async () => {
      const text = await call('/things', {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'hej',
      });
      assert.deepEqual(JSON.parse(text.text), { contentType: 'text/plain', body: 'hej' });
      const empty = await call('/things', { method: 'POST' });
      assert.deepEqual(JSON.parse(empty.text), { contentType: null, body: null });
    });

    it('refuses malformed JSON with 400 and keeps the parser error for the log only', async () => {
      const answer = await postJson('/things', '{"a": ');
      assert.equal(answer.status, 400);
      assert.doesNotMatch(answer.text, /JSON|position|Unexpected/);
      assert.equal(refused[0]?.status, 400);
      assert.match(refused[0]?.error ?? '', /JSON/);
      assert.equal(seen, undefined);
    });

    it('logs where malformed JSON broke, never the text (V8 quotes it in its message)', async () => {
      for (const body of ['Kanelbulle42 123456', '{"newPassword":"Kanelbulle42" 123456']) {
        assert.equal((await postJson('/things', body)).status, 400);
      }
      assert.deepEqual(
        refused.map((r) => r.error),
        ['malformed JSON', 'malformed JSON at position 30'],
      );
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
      assert.deepEqual(
        refused.map((r) => r.status),
        [404, 405],
      );
    });

    it('lets a prefix answer its own 404 (a page instead of JSON)', async () => {
      const answer = await call('/help/whatever');
      assert.equal(answer.status, 404);
      assert.match(answer.text, /Sidan finns inte/);
      assert.deepEqual(refused, []);
    });

    it('turns a handler that throws into a 500 without the error, which goes to the log', async () => {
      const answer = await call('/broken');
      assert.equal(answer.status, 500);
      assert.doesNotMatch(answer.text, /secret|srv|app\.js/);
      assert.equal(refused[0]?.status, 500);
      assert.match(refused[0]?.error ?? '', /secret detail/);
    });
  });

  describe("when botbuilder writes the answer (CloudAdapter's response shape)", () => {
    it('sends the status and an object as JSON, then ends', async () => {
      const answer = await postJson('/bot', '{}');
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'application/json');
      assert.deepEqual(JSON.parse(answer.text), { statusCode: 200, value: 'kort' });
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
