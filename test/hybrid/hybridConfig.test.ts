import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

/** A real directory or SMS provider without bot credentials is refused unless a test says so (SECURITY.md). */
const BASE = {
  CODE_HASH_SECRET: 'x'.repeat(32),
  DIRECTORY: 'hybrid',
  ALLOW_UNAUTHENTICATED_REQUESTS: 'true',
};
const GRAPH = {
  GRAPH_TENANT_ID: '3f2a1b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b',
  GRAPH_CLIENT_ID: '8d2e6f1a-2b3c-4d5e-9f60-718293a4b5c6',
  GRAPH_CLIENT_SECRET: 'secret',
};
const AD = {
  AD_URLS: 'ldaps://dc1.kommun.local',
  AD_BASE_DN: 'OU=Anställda,DC=kommun,DC=local',
  AD_BIND_DN: 'CN=svc-reset,DC=kommun,DC=local',
  AD_BIND_PASSWORD: 'pw',
};

describe('configuration for DIRECTORY=hybrid', () => {
  describe('when only the Graph settings are given', () => {
    it('refuses to start, naming the missing AD settings', () => {
      assert.throws(
        () => loadConfig({ ...BASE, ...GRAPH }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.some((problem) => problem.startsWith('AD_URLS')) &&
          error.problems.some((problem) => problem.startsWith('AD_BIND_PASSWORD')) &&
          !error.problems.some((problem) => problem.startsWith('GRAPH_')),
      );
    });
  });

  describe('when only the AD settings are given', () => {
    it('refuses to start, naming the missing Graph tenant', () => {
      assert.throws(
        () => loadConfig({ ...BASE, ...AD }),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.problems.some((problem) => problem.startsWith('GRAPH_TENANT_ID')),
      );
    });
  });

  describe('when both sides are configured', () => {
    it('carries both typed configs and the doctor test account', () => {
      const config = loadConfig({ ...BASE, ...GRAPH, ...AD, DOCTOR_TEST_ACCOUNT: 'anna.svensson' });
      assert.equal(config.directory.kind, 'hybrid');
      assert.equal(config.graph?.tenantId, GRAPH.GRAPH_TENANT_ID);
      assert.deepEqual(config.ad?.urls, ['ldaps://dc1.kommun.local']);
      assert.equal(config.doctorTestAccount, 'anna.svensson');
    });
  });
});
