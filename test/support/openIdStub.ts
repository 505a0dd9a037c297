import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer of every token the Bot Framework channels (Teams included) send to a bot. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** The JWKS entry, with the channels the key is endorsed for (as login.botframework.com publishes). */
  readonly jwk: Record<string, unknown>;
}

/** A fresh RSA key as the Bot Connector service would publish it, endorsed for `channels`. */
export function newSigningKey(channels: readonly string[] = ['msteams']): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  const { n, e } = publicKey.export({ format: 'jwk' });
  return { kid, privateKey, jwk: { kty: 'RSA', use: 'sig', kid, n, e, endorsements: [...channels] } };
}

/** RS256 JWT: base64url(header).base64url(payload).base64url(signature), nothing more. */
export function signJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  privateKey: KeyObject,
): string {
  const encode = (part: Record<string, unknown>) => Buffer.from(JSON.stringify(part)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', ...header })}.${encode(payload)}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** The claims of a channel → bot token: issuer, audience = the bot's app id, the activity's serviceUrl. */
export function channelClaims(
  appId: string,
  serviceUrl: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  return {
    iss: CHANNEL_ISSUER,
    aud: appId,
    serviceurl: serviceUrl,
    nbf: nowSeconds - 60,
    exp: nowSeconds + 3600,
    iat: nowSeconds - 60,
  };
}

/**
 * A local stand-in for login.botframework.com: the OpenID configuration document (point
 * `BotOpenIdMetadata` at `metadataUrl`) and the JWKS it names, plus a signer for tokens with its key.
 */
export class OpenIdStub {
  readonly key: SigningKey = newSigningKey();
  /** Paths requested, in order: shows how often botbuilder refreshes its key cache. */
  readonly requests: string[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  get metadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://stub').pathname;
      this.requests.push(path);
      const body =
        path === '/v1/.well-known/openidconfiguration'
          ? {
              issuer: CHANNEL_ISSUER,
              authorization_endpoint: 'https://invalid.example/authorize',
              jwks_uri: `${this.baseUrl}/v1/.well-known/keys`,
              id_token_signing_alg_values_supported: ['RS256'],
              token_endpoint_auth_methods_supported: ['private_key_jwt'],
            }
          : path === '/v1/.well-known/keys'
            ? { keys: [this.key.jwk] }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body ?? { error: 'not found' }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.metadataUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  /** A token signed with the published key (or `key`), its header naming `kid`. */
  sign(payload: Record<string, unknown>, options: { key?: KeyObject; kid?: string } = {}): string {
    return signJwt({ kid: options.kid ?? this.key.kid }, payload, options.key ?? this.key.privateKey);
  }
}
