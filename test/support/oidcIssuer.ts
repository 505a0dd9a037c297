import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, get, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './acsEmulator';

export const ISSUER_TENANT_ID = '6b1f2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const ISSUER_CLIENT_ID = '0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f';
export const ISSUER_CLIENT_SECRET = 'issuer-secret-Q~abcdefghij0123456789';

/** Who "signs in" at the authorize endpoint, and what their ID token says. */
export interface IssuerUser {
  readonly oid: string;
  readonly name: string;
  readonly preferredUsername: string;
  readonly roles?: readonly string[];
  readonly groups?: readonly string[];
  /** Too many groups for a token: `_claim_names` instead of `groups`, as Entra does. */
  readonly groupsOverage?: boolean;
  /** Claims to override in the ID token (a foreign `tid`, a wrong `nonce`...). */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** What the authorize endpoint was asked, as a browser would have passed it on. */
export interface AuthorizeRequest {
  readonly clientId: string | null;
  readonly redirectUri: string | null;
  readonly scope: string | null;
  readonly state: string | null;
  readonly nonce: string | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
}

interface IssuedCode {
  readonly user: IssuerUser;
  readonly request: AuthorizeRequest;
  readonly expiresAt: number;
  redeemed: boolean;
}

const CODE_LIFETIME_MS = 10 * 60_000;

/**
 * An Entra ID (v2.0 endpoints) stand-in on loopback HTTPS, close enough that the real msal-node runs
 * the authorization code flow with PKCE against it: discovery, authorize (signs in the configured
 * user, or answers `access_denied`), token (client secret, redirect URI, PKCE S256, single-use codes,
 * Entra's error bodies), JWKS, and RS256 ID tokens with the claims Entra puts in them.
 */
export class OidcIssuer {
  readonly authorizeRequests: AuthorizeRequest[] = [];
  /** Every POST to the token endpoint, and those it refused. */
  tokenRequests = 0;
  refusedTokenRequests = 0;
  private user: IssuerUser | 'cancels' | undefined;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly keyId = randomUUID();
  private readonly signingKey: KeyObject;
  private readonly publicJwk: object;

  private constructor(
    private readonly server: Server,
    /** PEM of the self-signed certificate: trust it as the CA (HELPDESK_CA_FILE). */
    readonly caPem: string,
    readonly tenantId: string,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.signingKey = privateKey;
    this.publicJwk = { ...publicKey.export({ format: 'jwk' }), kid: this.keyId, use: 'sig', alg: 'RS256' };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res));
  }

  static async start(
    app: { tenantId?: string; clientId?: string; clientSecret?: string } = {},
  ): Promise<OidcIssuer> {
    const tls = await selfSignedCertificate();
    const issuer = new OidcIssuer(
      createServer(tls),
      tls.cert,
      app.tenantId ?? ISSUER_TENANT_ID,
      app.clientId ?? ISSUER_CLIENT_ID,
      app.clientSecret ?? ISSUER_CLIENT_SECRET,
    );
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    return issuer;
  }

  /** `https://127.0.0.1:<port>`: the authority host. */
  get url(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Who signs in at the next authorize request; `'cancels'` answers `error=access_denied`. */
  setUser(user: IssuerUser | 'cancels' | undefined): void {
    this.user = user;
  }

  reset(): void {
    this.user = undefined;
    this.codes.clear();
    this.authorizeRequests.length = 0;
    this.tokenRequests = 0;
    this.refusedTokenRequests = 0;
  }

  /**
   * Plays the browser: opens the authorize URL and returns the query of the redirect back to the
   * app (the callback's `code` and `state`, or `error`).
   */
  async authorize(authorizeUrl: string): Promise<Record<string, string>> {
    const location = await new Promise<string>((resolve, reject) => {
      get(authorizeUrl, { ca: this.caPem }, (res) => {
        res.resume();
        const target = res.headers.location;
        if (res.statusCode === 302 && target !== undefined) resolve(target);
        else reject(new Error(`authorize answered HTTP ${res.statusCode ?? 0} without a redirect`));
      }).on('error', reject);
    });
    return Object.fromEntries(new URL(location).searchParams);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const route = `${req.method ?? 'GET'} ${url.pathname}`;
      const tenant = this.tenantId;
      if (route === `GET /${tenant}/v2.0/.well-known/openid-configuration`)
        return json(res, 200, this.discovery());
      if (route === 'GET /discovery/v2.0/keys' || route === `GET /${tenant}/discovery/v2.0/keys`)
        return json(res, 200, { keys: [this.publicJwk] });
      if (route === `GET /${tenant}/oauth2/v2.0/authorize`)
        return this.authorizeEndpoint(url.searchParams, res);
      if (route === `POST /${tenant}/oauth2/v2.0/token`) return this.tokenEndpoint(body, res);
      json(res, 404, entraError('invalid_request', 90002, `Tenant or endpoint not found: ${url.pathname}`));
    });
  }

  private discovery(): object {
    const base = `${this.url}/${this.tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${this.url}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'nonce',
        'oid',
        'tid',
        'name',
        'preferred_username',
      ],
      code_challenge_methods_supported: ['plain', 'S256'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
    };
  }

  private authorizeEndpoint(query: URLSearchParams, res: ServerResponse): void {
    const request: AuthorizeRequest = {
      clientId: query.get('client_id'),
      redirectUri: query.get('redirect_uri'),
      scope: query.get('scope'),
      state: query.get('state'),
      nonce: query.get('nonce'),
      codeChallenge: query.get('code_challenge'),
      codeChallengeMethod: query.get('code_challenge_method'),
    };
    this.authorizeRequests.push(request);
    // Entra shows these on its own page rather than sending them to an unverified redirect URI.
    if (request.clientId !== this.clientId || request.redirectUri === null)
      return json(
        res,
        400,
        entraError('unauthorized_client', 700016, 'Application not found in the directory.'),
      );
    if (query.get('response_type') !== 'code' || !(request.scope ?? '').split(' ').includes('openid'))
      return json(
        res,
        400,
        entraError('invalid_request', 900144, 'response_type code and scope openid needed.'),
      );

    const back = new URL(request.redirectUri);
    if (request.state !== null) back.searchParams.set('state', request.state);
    const user = this.user;
    if (user === undefined || user === 'cancels') {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_subcode', 'cancel');
      back.searchParams.set('error_description', 'AADSTS65004: User declined to consent to access the app.');
    } else {
      const code = randomBytes(32).toString('base64url');
      this.codes.set(code, { user, request, expiresAt: Date.now() + CODE_LIFETIME_MS, redeemed: false });
      back.searchParams.set('code', code);
      back.searchParams.set('session_state', randomUUID());
    }
    res.writeHead(302, { location: back.toString() });
    res.end();
  }

  private tokenEndpoint(form: URLSearchParams, res: ServerResponse): void {
    this.tokenRequests++;
    const refuse = (status: number, error: string, aadsts: number, description: string) => {
      this.refusedTokenRequests++;
      json(res, status, entraError(error, aadsts, description));
    };
    if (form.get('grant_type') !== 'authorization_code')
      return refuse(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    if (form.get('client_id') !== this.clientId)
      return refuse(400, 'unauthorized_client', 700016, 'Application not found in the directory.');
    if (form.get('client_secret') !== this.clientSecret)
      return refuse(401, 'invalid_client', 7000215, 'Invalid client secret provided.');

    const issued = this.codes.get(form.get('code') ?? '');
    if (issued === undefined || issued.expiresAt < Date.now())
      return refuse(
        400,
        'invalid_grant',
        70008,
        'The provided authorization code or refresh token has expired.',
      );
    if (issued.redeemed)
      return refuse(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.');
    issued.redeemed = true;
    if (form.get('redirect_uri') !== issued.request.redirectUri)
      return refuse(400, 'invalid_grant', 500112, 'The reply address does not match the one in the request.');
    const challenge = createHash('sha256')
      .update(form.get('code_verifier') ?? '')
      .digest('base64url');
    if (issued.request.codeChallengeMethod !== 'S256' || challenge !== issued.request.codeChallenge)
      return refuse(400, 'invalid_grant', 501481, 'The Code_Verifier does not match the code_challenge.');

    const scope = form.get('scope') ?? '';
    json(res, 200, {
      token_type: 'Bearer',
      scope: 'openid profile email',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: randomBytes(32).toString('base64url'),
      ...(scope.split(' ').includes('offline_access')
        ? { refresh_token: randomBytes(48).toString('base64url') }
        : {}),
      id_token: this.idToken(issued),
      client_info: Buffer.from(JSON.stringify({ uid: issued.user.oid, utid: this.tenantId })).toString(
        'base64url',
      ),
    });
  }

  private idToken({ user, request }: IssuedCode): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      aud: this.clientId,
      iss: `${this.url}/${this.tenantId}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...(request.nonce !== null ? { nonce: request.nonce } : {}),
      name: user.name,
      oid: user.oid,
      preferred_username: user.preferredUsername,
      sub: createHash('sha256').update(`${user.oid}:${this.clientId}`).digest('base64url'),
      tid: this.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '2.0',
      ...(user.roles !== undefined ? { roles: user.roles } : {}),
      ...(user.groupsOverage
        ? { _claim_names: { groups: 'src1' } }
        : user.groups !== undefined
          ? { groups: user.groups }
          : {}),
      ...user.claims,
    };
    const segment = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = `${segment({ typ: 'JWT', alg: 'RS256', kid: this.keyId })}.${segment(claims)}`;
    return `${signed}.${sign('sha256', Buffer.from(signed), this.signingKey).toString('base64url')}`;
  }
}

function entraError(error: string, aadsts: number, description: string): object {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  return {
    error,
    error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${new Date().toISOString()}`,
    error_codes: [aadsts],
    timestamp: new Date().toISOString(),
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: 'https://login.microsoftonline.com/error?code=' + aadsts,
  };
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
