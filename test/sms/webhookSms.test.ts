import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { toPhoneNumber, type PhoneNumber } from '../../src/reset/account';
import { SmsSendError } from '../../src/reset/errors';
import type { SmsMessage } from '../../src/reset/ports';
import { WebhookSmsSender } from '../../src/sms/webhookSms';

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
  answer: Answer = (response) => {
    // restify (loaded by other tests) patches ServerResponse.writeHead to return nothing: no chaining.
    response.writeHead(202, { 'content-type': 'application/json' });
    response.end('{}');
  };

  private constructor(private readonly server: http.Server | https.Server) {
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

function phone(value: string): PhoneNumber {
  const parsed = toPhoneNumber(value);
  assert.ok(parsed, value);
  return parsed;
}

const message: SmsMessage = {
  to: phone('+46701740605'),
  text: '042917 är din kod för att låsa upp ditt konto hos Reset Kommun.',
  caseId: 'case-7',
};

/** What every failure must satisfy: typed, with the status or cause named, and nothing of the message. */
function sendError(expected: { recoverable: boolean; mentions: RegExp }) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SmsSendError, String(error));
    assert.equal(error.recoverable, expected.recoverable, error.message);
    assert.match(error.message, expected.mentions);
    for (const secret of [message.to, '1740605', message.text, '042917']) {
      assert.ok(!error.message.includes(secret), `"${error.message}" leaks "${secret}"`);
    }
    return true;
  };
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

    it('refuses the certificate without ca, as an error that retrying will not fix', async () => {
      await assert.rejects(
        new WebhookSmsSender({ url: secureGateway!.url() }).send(message),
        sendError({ recoverable: false, mentions: /SELF_SIGNED|CERT/ }),
      );
      assert.equal(secureGateway!.requests.length, 0);
    });
  });
});

async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'webhook-sms-tls-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ]);
    return { key: await readFile(keyFile, 'utf8'), cert: await readFile(certFile, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
