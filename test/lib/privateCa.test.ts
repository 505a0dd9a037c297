import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { privateCaAgent, readCaFile, sendHttps } from '../../src/lib/privateCa';
import { selfSignedCertificate, type TlsMaterial } from '../support/acsEmulator';

describe('privateCa', () => {
  let tls: TlsMaterial;
  let other: TlsMaterial;
  let server: Server;
  let url: URL;
  let dir: string;

  before(async function () {
    this.timeout(20_000);
    [tls, other] = await Promise.all([selfSignedCertificate(), selfSignedCertificate()]);
    dir = await mkdtemp(path.join(tmpdir(), 'private-ca-'));
    server = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      res.setHeader('x-echo', [req.method ?? '', 'twice']);
      res.end(JSON.stringify({ method: req.method }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
  });

  after(async () => {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  describe('readCaFile', () => {
    it('reads the PEM certificate(s) of a CA file', async () => {
      const file = path.join(dir, 'ca.pem');
      await writeFile(file, tls.cert + other.cert);
      assert.equal(readCaFile(file), tls.cert + other.cert);
    });

    describe('when the file holds no certificate (a key, a DER file, a typo)', () => {
      it('fails at once, naming the file', async () => {
        const file = path.join(dir, 'key.pem');
        await writeFile(file, tls.key);
        assert.throws(() => readCaFile(file), /key\.pem holds no PEM certificate/);
      });
    });
  });

  describe('privateCaAgent with sendHttps', () => {
    describe('when the server certificate comes from the trusted CA', () => {
      it('answers with status, joined headers and the body', async () => {
        const agent = privateCaAgent(tls.cert);
        try {
          const answer = await sendHttps(url, { method: 'POST', body: '{}', agent });
          assert.equal(answer.status, 200);
          assert.equal(answer.headers['x-echo'], 'POST, twice');
          assert.deepEqual(JSON.parse(answer.body.toString('utf8')), { method: 'POST' });
        } finally {
          agent.destroy();
        }
      });
    });

    describe('when the server certificate comes from another CA', () => {
      it('refuses the connection, as it does without an agent (public CAs only)', async () => {
        const agent = privateCaAgent(other.cert);
        try {
          await assert.rejects(sendHttps(url, { method: 'GET', agent }), /self[- ]signed|certificate/i);
        } finally {
          agent.destroy();
        }
        await assert.rejects(sendHttps(url, { method: 'GET' }), /self[- ]signed|certificate/i);
      });
    });
  });
});
