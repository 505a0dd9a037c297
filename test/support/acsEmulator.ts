import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

export interface TlsMaterial {
  readonly key: string;
  readonly cert: string;
}

/** A throwaway certificate for 127.0.0.1, made with the openssl command line. */
export async function selfSignedCertificate(): Promise<TlsMaterial> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sms-tls-'));
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

/** The body ACS's `POST /sms` takes (api-version 2021-03-07). */
export interface AcsSendBody {
  readonly from: string;
  readonly smsRecipients: readonly {
    readonly to: string;
    readonly repeatabilityRequestId: string;
    readonly repeatabilityFirstSent: string;
  }[];
  readonly message: string;
  readonly smsSendOptions: { readonly enableDeliveryReport: boolean; readonly tag?: string };
}

export interface AcsRequest {
  readonly pathname: string;
  readonly apiVersion: string | null;
  readonly headers: IncomingMessage['headers'];
  readonly body: AcsSendBody | undefined;
  /** Everything this request got wrong compared with what ACS checks; empty for a good request. */
  readonly problems: readonly string[];
}

/** A scripted answer for the next request, instead of the normal per-recipient results. */
export interface AcsScriptedAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Hold the answer this long (a slow service). */
  readonly delayMs?: number;
}

const API_VERSION = '2021-03-07';
const CLOCK_SKEW_MS = 15 * 60_000;

/**
 * A local stand-in for Azure Communication Services SMS: HTTPS, `POST /sms?api-version=…`, HMAC-SHA256
 * request signing checked exactly as ACS does (signature over verb, path+query, date;host;content hash,
 * keyed with the base64-decoded access key), the request body's shape, and answers in ACS's shapes.
 */
export class AcsEmulator {
  readonly requests: AcsRequest[] = [];
  readonly accessKey = randomBytes(32).toString('base64');
  /** Recipients that get a per-recipient 400, as ACS answers an invalid or unreachable number. */
  readonly rejectedNumbers = new Set<string>();
  /** An Entra access token accepted instead of the HMAC signature (the managed-identity path). */
  bearerToken: string | undefined;
  private readonly script: AcsScriptedAnswer[] = [];
  private readonly server: Server;

  private constructor(tls: TlsMaterial) {
    this.server = createServer(tls, (request, response) => this.handle(request, response));
    // Keep-alive sockets would otherwise hold the server open past stop().
    this.server.keepAliveTimeout = 1000;
  }

  static async start(tls: TlsMaterial): Promise<AcsEmulator> {
    const emulator = new AcsEmulator(tls);
    await new Promise<void>((resolve) => emulator.server.listen(0, '127.0.0.1', resolve));
    return emulator;
  }

  get endpoint(): string {
    const { port } = this.server.address() as AddressInfo;
    return `https://127.0.0.1:${port}/`;
  }

  get connectionString(): string {
    return `endpoint=${this.endpoint};accesskey=${this.accessKey}`;
  }

  /** Answers the next requests, in order, as given; afterwards normally again. */
  answerNext(...answers: AcsScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  reset(): void {
    this.requests.length = 0;
    this.script.length = 0;
    this.rejectedNumbers.clear();
    this.bearerToken = undefined;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', this.endpoint);
      const problems = [
        ...checkRoute(request.method, url),
        ...(this.bearerToken !== undefined &&
        header(request, 'authorization') === `Bearer ${this.bearerToken}`
          ? []
          : checkSignature(request, url, raw, this.accessKey)),
      ];
      const body = parseBody(raw, problems);
      this.requests.push({
        pathname: url.pathname,
        apiVersion: url.searchParams.get('api-version'),
        headers: request.headers,
        body,
        problems,
      });
      if (problems.some((problem) => problem.startsWith('auth:'))) {
        return send(response, 401, {}, { error: { code: 'Denied', message: 'Denied by the emulator' } });
      }
      if (problems.length > 0 || !body) {
        return send(response, 400, {}, { error: { code: 'BadRequest', message: problems.join('; ') } });
      }
      const scripted = this.script.shift();
      if (scripted) {
        const answer = (): void => send(response, scripted.status, scripted.headers ?? {}, scripted.body);
        if (scripted.delayMs) setTimeout(answer, scripted.delayMs).unref();
        else answer();
        return;
      }
      send(
        response,
        202,
        {},
        {
          value: body.smsRecipients.map(({ to, repeatabilityRequestId }) =>
            this.rejectedNumbers.has(to)
              ? {
                  to,
                  httpStatusCode: 400,
                  successful: false,
                  errorMessage: `Invalid To phone number format: ${to}`,
                  repeatabilityResult: 'accepted',
                }
              : {
                  to,
                  messageId: `Outgoing_${repeatabilityRequestId}_noam`,
                  httpStatusCode: 202,
                  successful: true,
                  repeatabilityResult: 'accepted',
                },
          ),
        },
      );
    });
  }
}

function checkRoute(method: string | undefined, url: URL): string[] {
  const problems: string[] = [];
  if (method !== 'POST') problems.push(`method ${method ?? '?'} instead of POST`);
  if (url.pathname !== '/sms') problems.push(`path ${url.pathname} instead of /sms`);
  if (url.searchParams.get('api-version') !== API_VERSION)
    problems.push(`api-version ${url.searchParams.get('api-version') ?? 'missing'}`);
  return problems;
}

/** ACS's HMAC scheme, verified independently of the SDK's own code. */
function checkSignature(request: IncomingMessage, url: URL, raw: string, accessKey: string): string[] {
  const date = header(request, 'x-ms-date');
  const contentHash = header(request, 'x-ms-content-sha256');
  const authorization = header(request, 'authorization');
  if (!date || !contentHash || !authorization)
    return ['auth: x-ms-date, x-ms-content-sha256 or Authorization missing'];
  const problems: string[] = [];
  if (Math.abs(Date.parse(date) - Date.now()) > CLOCK_SKEW_MS) problems.push('auth: x-ms-date is not now');
  if (contentHash !== createHash('sha256').update(raw).digest('base64'))
    problems.push('auth: x-ms-content-sha256 does not match the body');
  const match = /^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(.+)$/.exec(
    authorization,
  );
  if (!match?.[1])
    return [...problems, 'auth: Authorization is not HMAC-SHA256 with the expected signed headers'];
  const pathAndQuery = url.search ? `${url.pathname}${url.search}` : url.pathname;
  const stringToSign = `POST\n${pathAndQuery}\n${date};${header(request, 'host') ?? ''};${contentHash}`;
  const expected = createHmac('sha256', Buffer.from(accessKey, 'base64')).update(stringToSign).digest();
  const given = Buffer.from(match[1], 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    problems.push('auth: signature does not verify with the access key');
  return problems;
}

function parseBody(raw: string, problems: string[]): AcsSendBody | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    problems.push('body is not JSON');
    return undefined;
  }
  const body = value as Partial<AcsSendBody>;
  if (typeof body.from !== 'string' || body.from === '') problems.push('body.from missing');
  if (typeof body.message !== 'string' || body.message === '') problems.push('body.message missing');
  const recipients = body.smsRecipients;
  if (!Array.isArray(recipients) || recipients.length === 0) {
    problems.push('body.smsRecipients missing');
  } else {
    for (const recipient of recipients as AcsSendBody['smsRecipients']) {
      if (!/^\+[1-9]\d{6,14}$/.test(recipient.to)) problems.push('smsRecipients[].to is not E.164');
      if (!/^[0-9a-f-]{36}$/i.test(recipient.repeatabilityRequestId))
        problems.push('smsRecipients[].repeatabilityRequestId is not a UUID');
      if (!Number.isFinite(Date.parse(recipient.repeatabilityFirstSent)))
        problems.push('smsRecipients[].repeatabilityFirstSent is not a date');
    }
  }
  if (typeof body.smsSendOptions?.enableDeliveryReport !== 'boolean')
    problems.push('body.smsSendOptions.enableDeliveryReport missing');
  return problems.length === 0 ? (body as AcsSendBody) : undefined;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  response.writeHead(status, {
    ...headers,
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
  });
  response.end(body === undefined ? undefined : JSON.stringify(body));
}
