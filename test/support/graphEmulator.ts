import { execFile } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { EmulatedOrganisation } from './graphEmulatorOrg';

const run = promisify(execFile);

/** A user as Graph stores it, plus what the emulator needs to answer for it. */
export interface EmulatedUser {
  readonly id: string;
  readonly userPrincipalName: string;
  readonly displayName?: string | null;
  readonly accountEnabled?: boolean | null;
  readonly onPremisesSyncEnabled?: boolean | null;
  readonly onPremisesSamAccountName?: string | null;
  readonly mobilePhone?: string | null;
  /** Documented `phoneAuthenticationMethod` entries. */
  readonly phoneMethods?: readonly {
    id: string;
    phoneNumber: string;
    phoneType: string;
    smsSignInState?: string;
  }[];
  /** Extra properties a real payload may carry (or odd ones, to test tolerance). */
  readonly extra?: Record<string, unknown>;
}

export interface LoggedRequest {
  readonly method: string;
  /** Path without the `/v1.0` prefix, decoded, e.g. `/users/anna@kommun.se`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body?: unknown;
  readonly status: number;
}

/** A sign-in as Graph's `signIn` resource (v1.0) has it; the fields the bot reads, and room for more. */
export interface EmulatedSignIn {
  readonly id: string;
  readonly createdDateTime: string;
  readonly userId: string;
  readonly userPrincipalName?: string;
  readonly appDisplayName?: string | null;
  readonly clientAppUsed?: string | null;
  readonly status: { errorCode: number; failureReason?: string | null; additionalDetails?: string | null };
  readonly deviceDetail?: {
    deviceId?: string;
    displayName?: string | null;
    operatingSystem?: string | null;
    browser?: string | null;
  };
  readonly extra?: Record<string, unknown>;
}

interface Fault {
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly delayMs?: number;
}

export const EMULATOR_TENANT_ID = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';
export const EMULATOR_CLIENT_ID = '8d2e6f1a-2b3c-4d5e-9f60-718293a4b5c6';
export const EMULATOR_CLIENT_SECRET = 'emulator-secret-Q~1234567890';

/**
 * Microsoft Graph v1.0 and its token endpoint on loopback HTTPS, close enough that the real
 * `@azure/identity` and Graph client code paths run against it: OpenID configuration, client
 * credentials, the documented user and phoneMethods shapes, OData error bodies, advanced-query
 * rules, Entra's password complexity, 401 without a valid bearer, and injected throttling/outages.
 */
export class GraphEmulator {
  readonly requests: LoggedRequest[] = [];
  /** Token requests (count only what @azure/identity asked for). */
  tokenRequests = 0;
  private readonly users = new Map<string, EmulatedUser>();
  private readonly passwords = new Map<string, string>();
  private readonly tokens = new Set<string>();
  private readonly signingKey = randomBytes(32);
  private readonly faults: Fault[] = [];
  private readonly denied = new Set<string>();
  /** Managers and groups (`/users/{id}/manager`, `/groups`, transitive members): seed them here. */
  readonly organisation = new EmulatedOrganisation<EmulatedUser>({
    baseUrl: () => this.baseUrl,
    lookup: (key) => this.lookup(key),
    select,
    isDenied: (permission) => this.denied.has(permission),
    error: odataError,
  });
  /** Apps in the organisation's catalog (ids a `teamsApp@odata.bind` may name). */
  readonly catalogApps = new Set<string>();
  /** Per user id, the catalog ids installed in their personal scope. */
  readonly installed = new Map<string, Set<string>>();
  /** Entra's sign-in log (`/auditLogs/signIns`), any order: it is served newest first. */
  readonly signIns: EmulatedSignIn[] = [];
  /** What Teams does after an install: the test sends the bot the conversationUpdate of the new chat. */
  onInstall: ((userId: string, catalogId: string) => Promise<unknown>) | undefined;
  private server: Server | undefined;
  private dir: string | undefined;
  /** PEM of the self-signed certificate (trust it as the CA). */
  certificatePem = '';
  caFile = '';
  origin = '';

  constructor(users: readonly EmulatedUser[] = []) {
    for (const user of users) this.addUser(user);
  }

  get baseUrl(): string {
    return `${this.origin}/v1.0`;
  }

  addUser(user: EmulatedUser): void {
    this.users.set(user.id, user);
  }

  /** The password last set through PATCH for the user with this id. */
  passwordOf(id: string): string | undefined {
    return this.passwords.get(id);
  }

  /** The next `count` Graph requests are answered with this fault (status and/or delay). */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** Answer 403 Authorization_RequestDenied for calls needing this permission. */
  deny(
    permission:
      | 'UserAuthMethod-Phone.Read.All'
      | 'User.Read.All'
      | 'User-PasswordProfile.ReadWrite.All'
      | 'TeamsAppInstallation.ReadWriteSelfForUser.All'
      | 'GroupMember.Read.All'
      | 'AuditLog.Read.All',
  ): void {
    this.denied.add(permission);
  }

  /** Every token issued so far becomes invalid (as after a secret rotation): Graph answers 401. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.denied.clear();
    this.tokenRequests = 0;
  }

  graphRequests(method?: string): LoggedRequest[] {
    return this.requests.filter((request) => method === undefined || request.method === method);
  }

  async start(): Promise<void> {
    this.dir = await mkdtemp(path.join(tmpdir(), 'graph-emulator-'));
    const key = path.join(this.dir, 'key.pem');
    this.caFile = path.join(this.dir, 'cert.pem');
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      key,
      '-out',
      this.caFile,
      '-subj',
      '/CN=graph-emulator',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ]);
    this.certificatePem = await readFile(this.caFile, 'utf8');
    this.server = createServer({ key: await readFile(key), cert: this.certificatePem }, (req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify(odataError('InternalServerError', String(error))));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server!.close(() => resolve()));
      this.server = undefined;
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const body = await readBody(req);
    const segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] === EMULATOR_TENANT_ID || segments[0] === 'common' || segments[0] === 'organizations')
      return this.identity(req, res, url, segments, body);
    if (segments[0] !== 'v1.0') return send(res, 404, odataError('NotFound', 'no such endpoint'));

    const answer = await this.graph(req, url, segments.slice(1), body);
    this.requests.push({
      method: req.method ?? 'GET',
      path: `/${segments.slice(1).join('/')}`,
      query: url.searchParams,
      headers: req.headers,
      ...(body !== undefined ? { body: parseJson(body) } : {}),
      status: answer.status,
    });
    send(res, answer.status, answer.body, answer.headers);
  }

  private identity(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    segments: string[],
    body?: string,
  ): void {
    const tenant = segments[0]!;
    const rest = segments.slice(1).join('/');
    const base = `${this.origin}/${tenant}`;
    if (req.method === 'GET' && rest === 'v2.0/.well-known/openid-configuration') {
      return send(res, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: [
          'client_secret_post',
          'private_key_jwt',
          'client_secret_basic',
        ],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${this.origin}/${tenant}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${this.origin}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: new URL(this.origin).host,
      });
    }
    if (req.method === 'POST' && rest === 'oauth2/v2.0/token') {
      this.tokenRequests++;
      const form = new URLSearchParams(body ?? '');
      const ok =
        tenant === EMULATOR_TENANT_ID &&
        form.get('grant_type') === 'client_credentials' &&
        form.get('client_id') === EMULATOR_CLIENT_ID &&
        form.get('client_secret') === EMULATOR_CLIENT_SECRET;
      if (!ok) {
        return send(res, 401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
          error_codes: [7000215],
          timestamp: new Date().toISOString(),
          trace_id: randomUUID(),
          correlation_id: randomUUID(),
        });
      }
      const token = this.issueToken(form.get('scope') ?? '');
      return send(res, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      });
    }
    void url;
    send(res, 404, { error: 'invalid_request', error_description: `AADSTS90002: unknown endpoint ${rest}` });
  }

  private issueToken(scope: string): string {
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const header = b64({ typ: 'JWT', alg: 'HS256' });
    const payload = b64({
      aud: scope.replace(/\/\.default$/, ''),
      iss: `${this.origin}/${EMULATOR_TENANT_ID}/`,
      iat: now,
      exp: now + 3599,
      appid: EMULATOR_CLIENT_ID,
      tid: EMULATOR_TENANT_ID,
      roles: ['User.Read.All'],
    });
    const signature = createHmac('sha256', this.signingKey)
      .update(`${header}.${payload}`)
      .digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.tokens.add(token);
    return token;
  }

  private async graph(
    req: IncomingMessage,
    url: URL,
    segments: string[],
    body: string | undefined,
  ): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const auth = req.headers.authorization ?? '';
    const bearer = /^Bearer (.+)$/.exec(auth)?.[1];
    if (!bearer)
      return { status: 401, body: odataError('InvalidAuthenticationToken', 'Access token is empty.') };
    if (!this.tokens.has(bearer))
      return {
        status: 401,
        body: odataError('InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.'),
      };

    const fault = this.faults.shift();
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (fault?.status) {
      const code = fault.status === 429 ? 'TooManyRequests' : 'ServiceNotAvailable';
      return {
        status: fault.status,
        body: odataError(code, fault.status === 429 ? 'Too many requests.' : 'Service unavailable.'),
        headers:
          fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {},
      };
    }

    const organised = this.organisation.answer(req, url, segments);
    if (organised) return organised;
    const [collection, key, sub1, sub2] = segments;
    if (collection === 'auditLogs' && key === 'signIns' && sub1 === undefined && req.method === 'GET')
      return this.listSignIns(url);
    if (collection !== 'users')
      return {
        status: 400,
        body: odataError('BadRequest', `Resource not found for the segment '${collection}'.`),
      };
    const method = req.method ?? 'GET';
    if (method === 'GET' && key === undefined) return this.listUsers(req, url);
    const user = key === undefined ? undefined : this.lookup(key);
    if (!user)
      return {
        status: 404,
        body: odataError(
          'Request_ResourceNotFound',
          `Resource '${key ?? ''}' does not exist or one of its queried reference-property objects are not present.`,
        ),
      };
    if (method === 'GET' && sub1 === 'authentication' && sub2 === 'phoneMethods') {
      if (this.denied.has('UserAuthMethod-Phone.Read.All')) return forbidden();
      return {
        status: 200,
        body: {
          '@odata.context': `${this.baseUrl}/$metadata#users('${user.id}')/authentication/phoneMethods`,
          value: user.phoneMethods ?? [],
        },
      };
    }
    if (sub1 === 'teamwork' && sub2 === 'installedApps' && method === 'POST')
      return this.install(user, parseJson(body ?? ''));
    if (sub1 !== undefined)
      return { status: 400, body: odataError('BadRequest', `Resource not found for the segment '${sub1}'.`) };
    if (method === 'GET') {
      if (this.denied.has('User.Read.All')) return forbidden();
      return {
        status: 200,
        body: { '@odata.context': `${this.baseUrl}/$metadata#users(...)/$entity`, ...select(user, url) },
      };
    }
    if (method === 'PATCH') {
      if (this.denied.has('User-PasswordProfile.ReadWrite.All')) return forbidden();
      return this.patchUser(user, parseJson(body ?? ''));
    }
    return {
      status: 405,
      body: odataError('Request_BadRequest', 'Specified HTTP method is not allowed for the request target.'),
    };
  }

  /** `POST /users/{id}/teamwork/installedApps`: install an app from the catalog in the user's personal scope. */
  private install(user: EmulatedUser, body: unknown): { status: number; body?: unknown } {
    if (this.denied.has('TeamsAppInstallation.ReadWriteSelfForUser.All'))
      return {
        status: 403,
        body: odataError(
          'Forbidden',
          "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request 'User.Read.All'.",
        ),
      };
    const bind = (body as Record<string, unknown> | undefined)?.['teamsApp@odata.bind'];
    const catalogId =
      typeof bind === 'string' ? /\/appCatalogs\/teamsApps\/([^/]+)$/.exec(bind)?.[1] : undefined;
    if (catalogId === undefined)
      return {
        status: 400,
        body: odataError('BadRequest', "Invalid or missing 'teamsApp@odata.bind' in the request body."),
      };
    if (!this.catalogApps.has(catalogId))
      return {
        status: 404,
        body: odataError(
          'NotFound',
          `The definition for app '${catalogId}' was not found in the org-wide catalog.`,
        ),
      };
    const apps = this.installed.get(user.id) ?? new Set<string>();
    if (apps.has(catalogId))
      return { status: 409, body: odataError('Conflict', 'App is already installed for this user.') };
    apps.add(catalogId);
    this.installed.set(user.id, apps);
    // Teams announces the new personal chat to the bot a moment after the 201.
    const announce = this.onInstall;
    if (announce) setTimeout(() => void announce(user.id, catalogId).catch(() => undefined), 50);
    return { status: 201 };
  }

  /**
   * `GET /auditLogs/signIns`: newest first, `$filter` on `userId eq '…'` and `createdDateTime ge|le`
   * joined by `and` (what the bot sends; other filters are refused as Graph refuses unsupported ones),
   * `$top` up to 1000, then `@odata.nextLink` with a `$skiptoken`.
   */
  private listSignIns(url: URL): { status: number; body: unknown } {
    if (this.denied.has('AuditLog.Read.All')) return forbidden();
    const clauses = (url.searchParams.get('$filter') ?? '').split(/\s+and\s+/i).filter(Boolean);
    const tests: ((signIn: EmulatedSignIn) => boolean)[] = [];
    for (const clause of clauses) {
      const user = /^userId eq '([^']*)'$/i.exec(clause.trim());
      const time = /^createdDateTime (ge|le|gt|lt) (\S+)$/i.exec(clause.trim());
      if (user) tests.push((signIn) => signIn.userId.toLowerCase() === user[1]!.toLowerCase());
      else if (time && !Number.isNaN(Date.parse(time[2]!))) {
        const [op, at] = [time[1]!.toLowerCase(), Date.parse(time[2]!)];
        tests.push((signIn) => {
          const t = Date.parse(signIn.createdDateTime);
          return op === 'ge' ? t >= at : op === 'le' ? t <= at : op === 'gt' ? t > at : t < at;
        });
      } else
        return { status: 400, body: odataError('BadRequest', `Invalid filter clause: ${clause.trim()}`) };
    }
    const top = Number(url.searchParams.get('$top') ?? 1000);
    if (!Number.isInteger(top) || top < 1 || top > 1000)
      return { status: 400, body: odataError('BadRequest', `Invalid page size specified: '${top}'.`) };
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const found = this.signIns
      .filter((signIn) => tests.every((test) => test(signIn)))
      .sort((a, b) => Date.parse(b.createdDateTime) - Date.parse(a.createdDateTime));
    const page = found.slice(skip, skip + top).map(({ extra, ...signIn }) => ({ ...signIn, ...extra }));
    let nextLink: string | undefined;
    if (skip + top < found.length) {
      const next = new URL(`${this.baseUrl}/auditLogs/signIns`);
      for (const [name, value] of url.searchParams)
        if (name !== '$skiptoken') next.searchParams.set(name, value);
      next.searchParams.set('$skiptoken', String(skip + top));
      nextLink = next.href;
    }
    return {
      status: 200,
      body: {
        '@odata.context': `${this.baseUrl}/$metadata#auditLogs/signIns`,
        value: page,
        ...(nextLink !== undefined ? { '@odata.nextLink': nextLink } : {}),
      },
    };
  }

  private listUsers(req: IncomingMessage, url: URL): { status: number; body: unknown } {
    if (this.denied.has('User.Read.All')) return forbidden();
    const filter = url.searchParams.get('$filter');
    const advanced =
      req.headers['consistencylevel'] === 'eventual' && url.searchParams.get('$count') === 'true';
    if (filter === null)
      return { status: 200, body: { value: [...this.users.values()].map((user) => select(user, url)) } };
    const match = /^onPremisesSamAccountName eq '((?:[^']|'')*)'$/.exec(filter);
    if (!match)
      return {
        status: 400,
        body: odataError(
          'Request_BadRequest',
          `Invalid filter clause: Syntax error at position ${filter.length}.`,
        ),
      };
    // onPremisesSamAccountName only supports $filter as an advanced query (ConsistencyLevel + $count).
    if (!advanced)
      return {
        status: 400,
        body: odataError(
          'Request_UnsupportedQuery',
          "Unsupported or invalid query filter clause specified for property 'onPremisesSamAccountName' of resource 'User'.",
        ),
      };
    const wanted = match[1]!.replace(/''/g, "'").toLowerCase();
    const found = [...this.users.values()].filter(
      (user) => user.onPremisesSamAccountName?.toLowerCase() === wanted,
    );
    return {
      status: 200,
      body: {
        '@odata.context': `${this.baseUrl}/$metadata#users`,
        '@odata.count': found.length,
        value: found.map((user) => select(user, url)),
      },
    };
  }

  private lookup(key: string): EmulatedUser | undefined {
    const wanted = key.toLowerCase();
    return [...this.users.values()].find(
      (user) => user.id === wanted || user.userPrincipalName.toLowerCase() === wanted,
    );
  }

  private patchUser(user: EmulatedUser, body: unknown): { status: number; body?: unknown } {
    const profile = (body as { passwordProfile?: { password?: unknown } } | undefined)?.passwordProfile;
    if (typeof profile?.password !== 'string')
      return {
        status: 400,
        body: odataError(
          'Request_BadRequest',
          "Invalid value specified for property 'passwordProfile' of resource 'User'.",
        ),
      };
    if (!meetsEntraComplexity(profile.password))
      return {
        status: 400,
        body: odataError(
          'Request_BadRequest',
          'The specified password does not comply with password complexity requirements. Please provide a different password.',
        ),
      };
    this.passwords.set(user.id, profile.password);
    return { status: 204 };
  }
}

/** Entra ID's cloud rule: 8–256 characters, ASCII only, three of: lower, upper, digit, symbol. */
function meetsEntraComplexity(password: string): boolean {
  if (password.length < 8 || password.length > 256) return false;
  if (!/^[\x20-\x7e]*$/.test(password)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  return classes >= 3;
}

function select(user: EmulatedUser, url: URL): Record<string, unknown> {
  const { phoneMethods: _phoneMethods, extra, ...props } = user;
  const all: Record<string, unknown> = { ...props, ...extra };
  const wanted = url.searchParams.get('$select');
  if (wanted === null) return all;
  return Object.fromEntries(wanted.split(',').map((name) => [name, all[name] ?? null]));
}

function forbidden(): { status: number; body: unknown } {
  return {
    status: 403,
    body: odataError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  };
}

export function odataError(code: string, message: string): unknown {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().replace(/\.\d+Z$/, ''),
        'request-id': randomUUID(),
        'client-request-id': randomUUID(),
      },
    },
  };
}

function send(
  res: ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...(body !== undefined
      ? {
          'content-type':
            'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
        }
      : {}),
    'request-id': randomUUID(),
    ...headers,
  });
  res.end(body !== undefined ? JSON.stringify(body) : undefined);
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', reject);
    req.on('end', () => resolve(chunks.length ? Buffer.concat(chunks).toString('utf8') : undefined));
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
