import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from '../../support/acsEmulator';
import { freePort } from '../../support/botProcess';

const ACCOUNT = 'devstoreaccount1';

export interface SecureAzurite {
  readonly blobUrl: string;
  readonly tableUrl: string;
  /** The file holding the certificate Azurite serves: trust it with AZURE_STORAGE_CA_FILE. */
  readonly caFile: string;
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Azurite over HTTPS with OAuth (`--oauth basic`): what a storage account reached with a managed
 * identity looks like, on loopback, with a certificate no public CA signed.
 */
export async function startSecureAzurite(): Promise<SecureAzurite> {
  const [blobPort, queuePort, tablePort] = [await freePort(), await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'azurite-oauth-'));
  const tls = await selfSignedCertificate();
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  writeFileSync(certFile, tls.cert);
  writeFileSync(keyFile, tls.key);
  const bin = path.join(__dirname, '../../../../node_modules/.bin/azurite');
  const child: ChildProcess = spawn(
    bin,
    [
      '--silent',
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--disableProductStyleUrl',
      '--disableTelemetry',
      ...['--oauth', 'basic', '--cert', certFile, '--key', keyFile],
      ...['--blobHost', '127.0.0.1', '--blobPort', String(blobPort)],
      ...['--queueHost', '127.0.0.1', '--queuePort', String(queuePort)],
      ...['--tableHost', '127.0.0.1', '--tablePort', String(tablePort)],
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_NO_WARNINGS: '1' } },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (!((await accepts(blobPort)) && (await accepts(tablePort)))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error('Azurite (HTTPS, OAuth) did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    blobUrl: `https://127.0.0.1:${blobPort}/${ACCOUNT}`,
    tableUrl: `https://127.0.0.1:${tablePort}/${ACCOUNT}`,
    caFile: certFile,
    stop,
  };
}
