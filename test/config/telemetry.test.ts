import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

const KEY = '3f0e8a1c-5b2d-4e6f-9a7b-1c2d3e4f5a6b';

function problemsFor(connectionString: string): readonly string[] {
  try {
    loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('telemetry configuration', () => {
  describe('when APPLICATIONINSIGHTS_CONNECTION_STRING is not set', () => {
    it('leaves telemetry off', () => {
      assert.equal(loadConfig({}).telemetry, undefined);
    });
  });

  describe('when it is a connection string copied from Application Insights', () => {
    it('passes it on whole', () => {
      const connectionString = `InstrumentationKey=${KEY};IngestionEndpoint=https://swedencentral-0.in.applicationinsights.azure.com/;LiveEndpoint=https://swedencentral.livediagnostics.monitor.azure.com/;ApplicationId=0a1b2c3d-0000-4000-8000-000000000000`;
      assert.deepEqual(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }).telemetry, {
        connectionString,
      });
    });
  });

  describe('when it is malformed', () => {
    it('names a missing instrumentation key without repeating the string', () => {
      const problems = problemsFor('IngestionEndpoint=https://example.invalid/;Secretish=abc123');
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^APPLICATIONINSIGHTS_CONNECTION_STRING: needs InstrumentationKey/);
      assert.doesNotMatch(problems[0]!, /abc123/);
    });

    it('refuses a plain-HTTP ingestion endpoint (the exporter would silently switch to https)', () => {
      const problems = problemsFor(`InstrumentationKey=${KEY};IngestionEndpoint=http://127.0.0.1:8080/`);
      assert.deepEqual(problems, [
        'APPLICATIONINSIGHTS_CONNECTION_STRING: IngestionEndpoint must be an https:// URL',
      ]);
      assert.doesNotMatch(problems.join(), new RegExp(KEY));
    });
  });
});
