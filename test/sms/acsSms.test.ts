import assert from 'node:assert/strict';
import { AcsSmsSender, recipientFailure } from '../../src/sms/acsSms';
import { isAlphanumericSenderId } from '../../src/config/rules/senderId';
import { AcsEmulator, selfSignedCertificate, type TlsMaterial } from '../support/acsEmulator';
import { codeMessage, sendError as sendErrorFor } from './smsTestMessage';

const message = codeMessage('case-42');

function sendError(expected: { recoverable: boolean; mentions: RegExp }) {
  return sendErrorFor(message, expected);
}

describe('AcsSmsSender', () => {
  let tls: TlsMaterial;
  let acs: AcsEmulator;

  before(async function () {
    this.timeout(20_000);
    tls = await selfSignedCertificate();
    acs = await AcsEmulator.start(tls);
  });

  afterEach(() => acs.reset());

  after(async () => {
    await acs.stop();
  });

  function sender(options: { from?: string; timeoutMs?: number } = {}): AcsSmsSender {
    return new AcsSmsSender({
      auth: { connectionString: acs.connectionString },
      from: options.from ?? 'Kommunen',
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      clientOptions: { tlsOptions: { ca: tls.cert } },
    });
  }

  describe('when ACS accepts the message', () => {
    it('sends one signed request that ACS would accept, with the sender id, text and case tag', async () => {
      await sender().send(message);

      assert.equal(acs.requests.length, 1);
      const [request] = acs.requests;
      assert.deepEqual(request?.problems, []);
      assert.equal(request?.pathname, '/sms');
      assert.equal(request?.apiVersion, '2021-03-07');
      assert.equal(request?.body?.from, 'Kommunen');
      assert.equal(request?.body?.message, message.text);
      assert.deepEqual(
        request?.body?.smsRecipients.map((recipient) => recipient.to),
        ['+46701740605'],
      );
      assert.deepEqual(request?.body?.smsSendOptions, { enableDeliveryReport: true, tag: 'case-42' });
    });
  });

  describe('when ACS rejects the recipient', () => {
    it('rejects with a non-recoverable SmsSendError that does not quote the number', async () => {
      acs.rejectedNumbers.add(message.to);

      await assert.rejects(sender().send(message), sendError({ recoverable: false, mentions: /HTTP 400/ }));
      assert.equal(acs.requests.length, 1);
    });
  });

  describe('when ACS answers 429 with a short Retry-After', () => {
    it('waits it out once and delivers', async () => {
      acs.answerNext({ status: 429, headers: { 'retry-after': '1' } });

      await sender().send(message);

      assert.equal(acs.requests.length, 2);
      const ids = acs.requests.map((request) => request.body?.smsRecipients[0]?.repeatabilityRequestId);
      assert.equal(ids[0], ids[1], 'a retry carries the same repeatability id, so ACS sends once');
    });
  });

  describe('when ACS answers 429 asking to wait longer than a turn allows', () => {
    it('fails at once as recoverable instead of waiting', async () => {
      acs.answerNext({ status: 429, headers: { 'retry-after': '30' } });
      const started = Date.now();

      await assert.rejects(sender().send(message), sendError({ recoverable: true, mentions: /HTTP 429/ }));
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.equal(acs.requests.length, 1);
    });
  });

  describe('when ACS keeps answering 5xx', () => {
    it('retries once, then fails as recoverable well inside the turn', async () => {
      acs.answerNext({ status: 500 }, { status: 503 }, { status: 500 });
      const started = Date.now();

      await assert.rejects(sender().send(message), sendError({ recoverable: true, mentions: /HTTP 50\d/ }));
      assert.equal(acs.requests.length, 2);
      assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
    });

    it('delivers when the one retry succeeds', async () => {
      acs.answerNext({ status: 502 });

      await sender().send(message);

      assert.equal(acs.requests.length, 2);
    });
  });

  describe('when ACS is slow', () => {
    it('gives up after timeoutMs with a recoverable SmsSendError', async () => {
      acs.answerNext({ status: 202, delayMs: 2000, body: { value: [] } });
      const started = Date.now();

      await assert.rejects(
        sender({ timeoutMs: 300 }).send(message),
        sendError({ recoverable: true, mentions: /within 300 ms/ }),
      );
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    });
  });

  describe('when the access key is wrong', () => {
    it('fails as non-recoverable: ACS refuses the signature', async () => {
      const wrongKey = acs.connectionString.replace(
        /accesskey=.*/,
        `accesskey=${Buffer.alloc(32, 7).toString('base64')}`,
      );
      const wrong = new AcsSmsSender({
        auth: { connectionString: wrongKey },
        from: 'Kommunen',
        clientOptions: { tlsOptions: { ca: tls.cert } },
      });

      await assert.rejects(wrong.send(message), sendError({ recoverable: false, mentions: /HTTP 401/ }));
      assert.match(acs.requests[0]?.problems.join() ?? '', /signature does not verify/);
    });
  });

  describe('when the certificate is not trusted', () => {
    it('fails as non-recoverable without sending anything', async () => {
      const untrusted = new AcsSmsSender({
        auth: { connectionString: acs.connectionString },
        from: 'Kommunen',
      });

      await assert.rejects(
        untrusted.send(message),
        sendError({ recoverable: false, mentions: /CERT|SIGNED/ }),
      );
      assert.equal(acs.requests.length, 0);
    });
  });

  describe('when authenticated by endpoint and an Entra credential', () => {
    it('sends a bearer token for the Communication Services scope instead of a signature', async () => {
      acs.bearerToken = 'token-from-managed-identity';
      const scopes: string[] = [];
      const credential = {
        getToken: (scope: string | string[]) => {
          scopes.push(...(Array.isArray(scope) ? scope : [scope]));
          return Promise.resolve({
            token: 'token-from-managed-identity',
            expiresOnTimestamp: Date.now() + 3_600_000,
          });
        },
      };
      const withIdentity = new AcsSmsSender({
        auth: { endpoint: acs.endpoint, credential },
        from: '+46700000000',
        clientOptions: { tlsOptions: { ca: tls.cert } },
      });

      await withIdentity.send(message);

      assert.deepEqual(acs.requests[0]?.problems, []);
      assert.equal(acs.requests[0]?.headers.authorization, 'Bearer token-from-managed-identity');
      assert.deepEqual(scopes, ['https://communication.azure.com//.default']);
      assert.equal(acs.requests[0]?.body?.from, '+46700000000');
    });
  });

  describe('when measured', () => {
    it('reports the median time of 50 sends through the SDK and the local endpoint', async function () {
      const acsSender = sender();
      const times: number[] = [];
      for (let i = 0; i < 50; i++) {
        const started = process.hrtime.bigint();
        await acsSender.send(message);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      const median = ((times[24] ?? 0) + (times[25] ?? 0)) / 2;
      this.test!.title += ` (median ${median.toFixed(1)} ms, p90 ${(times[44] ?? 0).toFixed(1)} ms)`;
      assert.equal(acs.requests.length, 50);
    });
  });
});

describe('isAlphanumericSenderId', () => {
  describe('when given what Swedish operators display as a sender', () => {
    it('accepts letters, digits and spaces up to 11 characters with at least one letter', () => {
      for (const id of ['Kommunen', 'IT Support', 'Kommun2026', 'A', 'ABCDEFGHIJK']) {
        assert.equal(isAlphanumericSenderId(id), true, id);
      }
    });

    it('refuses longer ids, digits only, Swedish letters, punctuation and edge spaces', () => {
      for (const id of ['ABCDEFGHIJKL', '12345', 'Östra', 'IT-stöd', 'IT_Support', ' Kommun', '']) {
        assert.equal(isAlphanumericSenderId(id), false, id);
      }
    });
  });
});

describe('recipientFailure', () => {
  describe('when ACS reports a per-recipient result', () => {
    it('maps success to nothing, 4xx to non-recoverable, 429 and 5xx to recoverable', () => {
      const base = { to: '+46701740605' };
      assert.equal(recipientFailure({ ...base, httpStatusCode: 202, successful: true }), undefined);
      assert.equal(recipientFailure({ ...base, httpStatusCode: 400, successful: false })?.recoverable, false);
      assert.equal(recipientFailure({ ...base, httpStatusCode: 429, successful: false })?.recoverable, true);
      assert.equal(recipientFailure({ ...base, httpStatusCode: 503, successful: false })?.recoverable, true);
    });
  });
});
