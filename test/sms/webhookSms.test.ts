import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { SmsSendError } from '../../src/reset/errors';
import { parseBodyTemplate, WebhookSmsSender } from '../../src/sms/webhookSms';
import { selfSignedCertificate } from '../support/acsEmulator';
import { codeMessage, sendError as sendErrorFor } from './smsTestMessage';

interface RecordedRequest {
  readonly method: string | undefined;
  readonly url: string | undefined;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

type Answer = (response: http.ServerResponse) => void;

/** A local SMS gateway that records what it receives and answers as the test says. */
class Gateway {
  readonly requests: RecordedRequest[] = [];
  connections = 0;
  /** Connections to close at once, before TLS or HTTP (a gateway restarting, a flaky load balancer). */
  dropConnections = 0;
  answer: Answer = (response) => {
    response.writeHead(202, { 'content-type': 'application/json' });
    response.end('{}');
  };

  private constructor(private readonly server: http.Server | https.Server) {
    server.on('connection', (socket: Socket) => {
      this.connections += 1;
      if (this.dropConnections > 0) {
        this.dropConnections -= 1;
        socket.destroy();
      }
    });
    server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const { method, url, headers } = request;
        this.requests.push({ method, url, headers, body: Buffer.concat(chunks).toString('utf8') });
        this.answer(response);
      });
    });
  }

  static async start(server: http.Server | https.Server = http.createServer()): Promise<Gateway> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new Gateway(server);
  }

  url(pathAndQuery = '/sms/send'): URL {
    const { port } = this.server.address() as AddressInfo;
    const protocol = this.server instanceof https.Server ? 'https' : 'http';
    return new URL(`${protocol}://127.0.0.1:${port}${pathAndQuery}`);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const message = codeMessage('case-7');

function sendError(expected: { recoverable: boolean; mentions: RegExp }) {
  return sendErrorFor(message, expected);
}

describe('WebhookSmsSender', () => {
  let gateway: Gateway;

  beforeEach(async () => {
    gateway = await Gateway.start();
  });

  afterEach(async () => {
    await gateway.stop();
  });

  describe('when the gateway accepts the message', () => {
    it('POSTs the number and the text as JSON to the configured URL with the configured headers', async () => {
      const sender = new WebhookSmsSender({
        url: gateway.url('/sms/send?account=kommun'),
        headers: { 'x-api-key': 'test-key', 'X-Sender-Id': 'Kommunen' },
      });

      await sender.send(message);

      assert.equal(gateway.requests.length, 1);
      const [request] = gateway.requests;
      assert.equal(request?.method, 'POST');
      assert.equal(request?.url, '/sms/send?account=kommun');
      assert.equal(request?.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(request?.headers['x-api-key'], 'test-key');
      assert.equal(request?.headers['x-sender-id'], 'Kommunen');
      assert.equal(Number(request?.headers['content-length']), Buffer.byteLength(request?.body ?? ''));
      assert.deepEqual(JSON.parse(request?.body ?? ''), { to: '+46701740605', message: message.text });
    });

    it('treats any 2xx as accepted, with or without a body', async () => {
      gateway.answer = (response) => {
        response.writeHead(204);
        response.end();
      };

      await new WebhookSmsSender({ url: gateway.url() }).send(message);

      assert.equal(gateway.requests.length, 1);
    });

    it('does not let a configured header replace the content type', async () => {
      const sender = new WebhookSmsSender({ url: gateway.url(), headers: { 'Content-Type': 'text/plain' } });

      await sender.send(message);

      assert.equal(gateway.requests[0]?.headers['content-type'], 'application/json; charset=utf-8');
    });
  });

  describe('when the gateway answers 500', () => {
    it('rejects with a recoverable SmsSendError naming the status', async () => {
      gateway.answer = (response) => {
        response.writeHead(500);
        response.end(JSON.stringify({ echo: message }));
      };

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url() }).send(message),
        sendError({ recoverable: true, mentions: /HTTP 500/ }),
      );
    });
  });

  describe('when the gateway answers 400', () => {
    it('rejects with a non-recoverable SmsSendError naming the status', async () => {
      gateway.answer = (response) => {
        response.writeHead(400);
        response.end('{"error":"invalid number +46701740605"}');
      };

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url() }).send(message),
        sendError({ recoverable: false, mentions: /HTTP 400/ }),
      );
    });
  });

  describe('when the gateway answers 429', () => {
    it('rejects as recoverable: the gateway asks to try again later', async () => {
      gateway.answer = (response) => {
        response.writeHead(429, { 'retry-after': '30' });
        response.end();
      };

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url() }).send(message),
        sendError({ recoverable: true, mentions: /HTTP 429/ }),
      );
    });
  });

  describe('when the gateway redirects', () => {
    it('does not follow, so the API key is not sent elsewhere', async () => {
      gateway.answer = (response) => {
        response.writeHead(307, { location: 'https://elsewhere.example/' });
        response.end();
      };

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url(), headers: { 'x-api-key': 'k' } }).send(message),
        sendError({ recoverable: false, mentions: /HTTP 307/ }),
      );
      assert.equal(gateway.requests.length, 1);
    });
  });

  describe('when the gateway does not answer in time', () => {
    it('gives up after timeoutMs with a recoverable SmsSendError', async () => {
      gateway.answer = () => undefined;
      const started = Date.now();

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url(), timeoutMs: 150 }).send(message),
        sendError({ recoverable: true, mentions: /did not answer within 150 ms/ }),
      );
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    });

    it('also gives up when the answer stalls after its headers', async () => {
      gateway.answer = (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write('{"status":');
      };

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url(), timeoutMs: 150 }).send(message),
        sendError({ recoverable: true, mentions: /did not answer within 150 ms/ }),
      );
    });
  });

  describe('when nothing listens at the URL', () => {
    it('rejects with a recoverable SmsSendError naming the network error', async () => {
      const url = gateway.url();
      await gateway.stop();
      gateway = await Gateway.start();

      await assert.rejects(
        new WebhookSmsSender({ url }).send(message),
        sendError({ recoverable: true, mentions: /ECONNREFUSED/ }),
      );
    });
  });

  describe('when a method and a body template are configured', () => {
    it('sends the template with the placeholders filled in as JSON strings', async () => {
      const sender = new WebhookSmsSender({
        url: gateway.url(),
        method: 'PUT',
        bodyTemplate:
          '{"recipient":"{{to}}","text":"{{message}}","sender":"Kommunen","meta":{"ref":"case {{caseId}}"}}',
      });
      const tricky = { ...message, text: 'Kod "042917"\nrad två \\ {{to}} </script>' };

      await sender.send(tricky);

      const [request] = gateway.requests;
      assert.equal(request?.method, 'PUT');
      assert.deepEqual(JSON.parse(request?.body ?? ''), {
        recipient: '+46701740605',
        text: tricky.text,
        sender: 'Kommunen',
        meta: { ref: 'case case-7' },
      });
    });
  });

  describe('when a plain-HTTP connection is closed right after it was accepted', () => {
    it('does not retry: the request may already have been written', async () => {
      gateway.dropConnections = 1;

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url() }).send(message),
        sendError({ recoverable: true, mentions: /ECONNRESET|socket hang up/ }),
      );
      assert.equal(gateway.connections, 1);
    });
  });

  describe('when the gateway may already have sent the SMS', () => {
    it('does not retry after a 5xx', async () => {
      gateway.answer = (response) => {
        response.writeHead(503);
        response.end();
      };

      await assert.rejects(new WebhookSmsSender({ url: gateway.url() }).send(message), SmsSendError);
      assert.equal(gateway.requests.length, 1);
    });

    it('does not retry after a timeout', async () => {
      gateway.answer = () => undefined;

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url(), timeoutMs: 200 }).send(message),
        SmsSendError,
      );
      assert.equal(gateway.requests.length, 1);
    });

    it('does not retry when the connection drops after the request was sent', async () => {
      gateway.answer = (response) => response.socket?.destroy();

      await assert.rejects(
        new WebhookSmsSender({ url: gateway.url() }).send(message),
        sendError({ recoverable: true, mentions: /ECONNRESET|socket hang up/ }),
      );
      assert.equal(gateway.requests.length, 1);
    });
  });

  describe('when it is configured unsafely', () => {
    it('refuses plain HTTP except to loopback, and protocols other than HTTP(S)', () => {
      assert.throws(() => new WebhookSmsSender({ url: new URL('http://sms.example/send') }), TypeError);
      assert.throws(() => new WebhookSmsSender({ url: new URL('ftp://127.0.0.1/send') }), TypeError);
      assert.doesNotThrow(() => new WebhookSmsSender({ url: new URL('http://localhost:8080/send') }));
      assert.doesNotThrow(() => new WebhookSmsSender({ url: new URL('https://sms.example/send') }));
    });

    it('refuses header values that could split the request, and a timeout that is not positive', () => {
      const url = new URL('https://sms.example/send');
      assert.throws(() => new WebhookSmsSender({ url, headers: { 'x-api-key': 'k\r\nx-evil: 1' } }));
      assert.throws(() => new WebhookSmsSender({ url, headers: { 'bad header': 'k' } }));
      assert.throws(() => new WebhookSmsSender({ url, timeoutMs: 0 }), RangeError);
    });
  });

  describe('when the gateway uses HTTPS with a certificate from a private CA', () => {
    let tls: { key: string; cert: string } | undefined;
    let missingOpenssl: string | undefined;
    let secureGateway: Gateway | undefined;

    before(async function () {
      this.timeout(20_000);
      try {
        tls = await selfSignedCertificate();
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
        missingOpenssl = 'skipped: the openssl command is not installed, so no certificate can be made';
      }
    });

    beforeEach(async function () {
      if (tls === undefined) {
        this.currentTest!.title += ` (${missingOpenssl})`;
        this.skip();
      }
      secureGateway = await Gateway.start(https.createServer(tls));
    });

    afterEach(async () => {
      await secureGateway?.stop();
    });

    it('delivers when the CA is given as ca', async () => {
      await new WebhookSmsSender({ url: secureGateway!.url(), ca: tls!.cert }).send(message);

      assert.equal(secureGateway!.requests.length, 1);
      assert.deepEqual(JSON.parse(secureGateway!.requests[0]?.body ?? ''), {
        to: '+46701740605',
        message: message.text,
      });
    });

    it('retries once when the TLS handshake is cut off before the request', async () => {
      secureGateway!.dropConnections = 1;

      await new WebhookSmsSender({ url: secureGateway!.url(), ca: tls!.cert }).send(message);

      assert.equal(secureGateway!.connections, 2);
      assert.equal(secureGateway!.requests.length, 1);
    });

    it('gives up after that one retry as recoverable', async () => {
      secureGateway!.dropConnections = 5;

      await assert.rejects(
        new WebhookSmsSender({ url: secureGateway!.url(), ca: tls!.cert }).send(message),
        sendError({ recoverable: true, mentions: /ECONNRESET|socket/ }),
      );
      assert.equal(secureGateway!.connections, 2);
    });

    it('reports the median time of 50 sends over HTTPS', async function () {
      const sender = new WebhookSmsSender({ url: secureGateway!.url(), ca: tls!.cert });
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = process.hrtime.bigint();
        await sender.send(message);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      const median = ((times[24] ?? 0) + (times[25] ?? 0)) / 2;
      this.test!.title += ` (median ${median.toFixed(1)} ms, p90 ${(times[44] ?? 0).toFixed(1)} ms)`;
      assert.equal(secureGateway!.requests.length, 50);
    });

    it('refuses the certificate without ca, as an error that retrying will not fix', async () => {
      await assert.rejects(
        new WebhookSmsSender({ url: secureGateway!.url() }).send(message),
        sendError({ recoverable: false, mentions: /SELF_SIGNED|CERT/ }),
      );
      assert.equal(secureGateway!.requests.length, 0);
      assert.equal(secureGateway!.connections, 1);
    });
  });
});

describe('parseBodyTemplate', () => {
  describe('when the template is usable', () => {
    it('fills placeholders inside strings, leaving other JSON values as they are', () => {
      const render = parseBodyTemplate('{"to":["{{ to }}"],"text":"{{message}}","flash":false,"n":1}');

      assert.deepEqual(JSON.parse(render({ to: '+46701740605', message: 'a"b', caseId: 'c' })), {
        to: ['+46701740605'],
        text: 'a"b',
        flash: false,
        n: 1,
      });
    });
  });

  describe('when the template cannot work', () => {
    it('refuses invalid JSON, a non-object, unknown placeholders and a missing {{to}} or {{message}}', () => {
      assert.throws(() => parseBodyTemplate('{"to":{{to}}}'), SyntaxError);
      assert.throws(() => parseBodyTemplate('["{{to}}","{{message}}"]'), TypeError);
      assert.throws(() => parseBodyTemplate('{"to":"{{to}}","text":"{{message}}","x":"{{code}}"}'), /code/);
      assert.throws(() => parseBodyTemplate('{"text":"{{message}}"}'), /\{\{to\}\}/);
      assert.throws(() => parseBodyTemplate('{"to":"{{to}}"}'), /\{\{message\}\}/);
    });
  });
});
