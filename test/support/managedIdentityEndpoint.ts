import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MI_TENANT_ID = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

export interface TokenRequest {
  readonly resource: string | null;
  readonly clientId: string | null;
  readonly headerMatched: boolean;
}

/**
 * App Service's managed identity endpoint (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`, what
 * `DefaultAzureCredential` uses on App Service): answers a token for the resource asked for. The token
 * is a well-formed JWT with Entra's issuer and the resource as audience; its signature is random, which
 * Azurite's `--oauth basic` does not check (it checks issuer, audience and lifetime).
 */
export class ManagedIdentityEndpoint {
  readonly requests: TokenRequest[] = [];
  readonly header = randomBytes(16).toString('hex');
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const resource = url.searchParams.get('resource');
      const headerMatched = req.headers['x-identity-header'] === this.header;
      this.requests.push({ resource, clientId: url.searchParams.get('client_id'), headerMatched });
      if (!headerMatched || resource === null) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_request' }));
        return;
      }
      const { token, expiresOn } = this.mint(resource);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          access_token: token,
          expires_on: String(expiresOn),
          resource,
          token_type: 'Bearer',
        }),
      );
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/msi/token`;
  }

  /** A token for `resource` as the endpoint hands out (for a test's own client); expiry in epoch seconds. */
  mint(resource: string): { token: string; expiresOn: number } {
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedJwt({
      aud: resource.replace(/\/$/, ''),
      iss: `https://sts.windows.net/${MI_TENANT_ID}/`,
      iat: now - 60,
      nbf: now - 60,
      exp: now + 3600,
      oid: '0f0e0d0c-0b0a-4909-8807-060504030201',
      tid: MI_TENANT_ID,
    });
    return { token, expiresOn: now + 3600 };
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(claims)}.${randomBytes(32).toString('base64url')}`;
}
