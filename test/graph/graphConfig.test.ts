import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

/** A real directory or SMS provider without bot credentials is refused unless a test says so (SECURITY.md). */
const base = { CODE_HASH_SECRET: 'x'.repeat(32), DIRECTORY: 'graph', ALLOW_UNAUTHENTICATED_REQUESTS: 'true' };
const tenant = '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('Graph settings', () => {
  describe('when DIRECTORY=graph is chosen', () => {
    it('requires the tenant and lists it with every other problem', () => {
      const problems = problemsOf({
        ...base,
        GRAPH_BASE_URL: 'http://graph.local/v1.0',
        GRAPH_CLIENT_SECRET: 's',
      });
      assert.ok(problems.some((p) => p.startsWith('GRAPH_TENANT_ID: required')));
      assert.ok(problems.some((p) => p.startsWith('GRAPH_BASE_URL: must be an https:// URL')));
      assert.ok(problems.some((p) => p.startsWith('GRAPH_CLIENT_ID: required with GRAPH_CLIENT_SECRET')));
    });

    it('uses the public cloud and managed identity by default', () => {
      const config = loadConfig({ ...base, GRAPH_TENANT_ID: tenant });
      assert.equal(config.directory.kind, 'graph');
      assert.equal(config.graph?.baseUrl.href, 'https://graph.microsoft.com/v1.0');
      assert.equal(config.graph?.authorityHost.origin, 'https://login.microsoftonline.com');
      assert.deepEqual(config.graph?.credential, { kind: 'managed-identity' });
      assert.equal(config.graph?.timeoutMs, 8000);
      assert.equal(config.graph?.allowDirectoryMobile, false);
    });

    it('chooses the credential: certificate, secret or a user-assigned managed identity', () => {
      const id = { ...base, GRAPH_TENANT_ID: tenant, GRAPH_CLIENT_ID: 'app' };
      assert.equal(
        loadConfig({ ...id, GRAPH_CLIENT_CERTIFICATE_FILE: '/c.pem' }).graph?.credential.kind,
        'client-certificate',
      );
      assert.equal(loadConfig({ ...id, GRAPH_CLIENT_SECRET: 's' }).graph?.credential.kind, 'client-secret');
      assert.deepEqual(
        loadConfig({ ...base, GRAPH_TENANT_ID: tenant, GRAPH_MANAGED_IDENTITY_CLIENT_ID: 'mi' }).graph
          ?.credential,
        {
          kind: 'managed-identity',
          clientId: 'mi',
        },
      );
      assert.ok(
        problemsOf({ ...id, GRAPH_CLIENT_SECRET: 's', GRAPH_CLIENT_CERTIFICATE_FILE: '/c.pem' }).some((p) =>
          p.includes('not both'),
        ),
      );
    });

    it('keeps the UPN suffix without a leading @ and checks it is a domain', () => {
      assert.equal(
        loadConfig({ ...base, GRAPH_TENANT_ID: tenant, DEFAULT_UPN_SUFFIX: '@Kommun.se' }).graph
          ?.defaultUpnSuffix,
        'kommun.se',
      );
      assert.ok(
        problemsOf({ ...base, GRAPH_TENANT_ID: tenant, DEFAULT_UPN_SUFFIX: 'kommun' }).some((p) =>
          p.startsWith('DEFAULT_UPN_SUFFIX'),
        ),
      );
    });
  });

  describe('when another directory is chosen', () => {
    it('ignores the Graph settings', () => {
      assert.equal(loadConfig({ CODE_HASH_SECRET: 'x'.repeat(32) }).graph, undefined);
    });
  });
});
