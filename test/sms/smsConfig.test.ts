import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

type Env = Record<string, string>;

/** A real directory or SMS provider without bot credentials is refused unless a test says so (SECURITY.md). */
function load(env: Env) {
  return loadConfig({ ALLOW_UNAUTHENTICATED_REQUESTS: 'true', ...env });
}

function problemsFor(env: Env): readonly string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

function keysNamedFor(env: Env): string[] {
  return problemsFor(env).map((problem) => problem.split(':')[0] ?? '');
}

const acsConnection = 'endpoint=https://kommun.communication.azure.com/;accesskey=a2V5';

describe('SMS configuration', () => {
  describe('when nothing about SMS is set', () => {
    it('allows Swedish numbers and 200 codes an hour', () => {
      assert.deepEqual(load({}).smsRules, { allowedCountries: ['SE'], hourlyBudget: 200 });
    });
  });

  describe('when SMS_PROVIDER=acs', () => {
    it('takes a connection string and an alphanumeric sender id', () => {
      const config = load({
        SMS_PROVIDER: 'acs',
        ACS_CONNECTION_STRING: acsConnection,
        SMS_FROM: 'Kommunen',
      });

      assert.deepEqual(config.sms, {
        kind: 'acs',
        auth: { connectionString: acsConnection },
        from: 'Kommunen',
        timeoutMs: 5000,
      });
    });

    it('takes an endpoint with a user-assigned managed identity and a number as sender', () => {
      const config = load({
        SMS_PROVIDER: 'acs',
        ACS_ENDPOINT: 'https://kommun.communication.azure.com',
        ACS_MANAGED_IDENTITY_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
        SMS_FROM: '+46700000000',
        SMS_TIMEOUT_MS: '8000',
      });

      assert.deepEqual(config.sms, {
        kind: 'acs',
        auth: {
          endpoint: 'https://kommun.communication.azure.com',
          managedIdentityClientId: '00000000-0000-0000-0000-000000000001',
        },
        from: '+46700000000',
        timeoutMs: 8000,
      });
    });

    it('names what is missing or wrong', () => {
      assert.deepEqual(keysNamedFor({ SMS_PROVIDER: 'acs' }), ['ACS_CONNECTION_STRING', 'SMS_FROM']);
      assert.deepEqual(
        keysNamedFor({
          SMS_PROVIDER: 'acs',
          ACS_CONNECTION_STRING: 'accesskey=x',
          ACS_ENDPOINT: 'http://kommun.example',
          SMS_FROM: 'Östra Göinge',
        }),
        ['ACS_ENDPOINT', 'ACS_CONNECTION_STRING', 'ACS_ENDPOINT', 'SMS_FROM'],
      );
    });

    it('refuses sender ids that Swedish operators would not show', () => {
      for (const from of ['Kommunen IT1', '123456', 'IT-stöd', '0701234567']) {
        assert.deepEqual(
          keysNamedFor({ SMS_PROVIDER: 'acs', ACS_CONNECTION_STRING: acsConnection, SMS_FROM: from }),
          ['SMS_FROM'],
          from,
        );
      }
    });
  });

  describe('when the webhook is configured in full', () => {
    let dir: string;

    before(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'sms-config-'));
      await writeFile(path.join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----\n');
    });

    after(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads method, template, CA file and the shared timeout', () => {
      const template = '{"recipient":"{{to}}","text":"{{message}}","sender":"Kommunen"}';
      const config = load({
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_METHOD: 'PUT',
        SMS_WEBHOOK_BODY_TEMPLATE: template,
        SMS_WEBHOOK_CA_FILE: path.join(dir, 'ca.pem'),
        SMS_TIMEOUT_MS: '3000',
      });

      assert.equal(config.sms.kind, 'webhook');
      assert.ok(config.sms.kind === 'webhook');
      assert.equal(config.sms.method, 'PUT');
      assert.equal(config.sms.bodyTemplate, template);
      assert.equal(config.sms.caFile, path.join(dir, 'ca.pem'));
      assert.equal(config.sms.timeoutMs, 3000);
    });

    it('refuses a template without the placeholders and a CA file that is not there', () => {
      const problems = problemsFor({
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_BODY_TEMPLATE: '{"text":"{{message}}"}',
        SMS_WEBHOOK_CA_FILE: path.join(dir, 'missing.pem'),
      });

      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0] ?? '', /^SMS_WEBHOOK_BODY_TEMPLATE: .*\{\{to\}\}/);
      assert.match(problems[1] ?? '', /^SMS_WEBHOOK_CA_FILE: not a readable file/);
    });
  });

  describe('when the allowed countries and budget are set', () => {
    it('reads a list of country codes, forgiving case and spaces', () => {
      assert.deepEqual(load({ SMS_ALLOWED_COUNTRIES: 'se, no', SMS_HOURLY_BUDGET: '50' }).smsRules, {
        allowedCountries: ['SE', 'NO'],
        hourlyBudget: 50,
      });
    });

    it('refuses codes that are not countries, and a budget of nothing', () => {
      assert.deepEqual(keysNamedFor({ SMS_ALLOWED_COUNTRIES: 'SE,Sverige' }), ['SMS_ALLOWED_COUNTRIES']);
      assert.deepEqual(keysNamedFor({ SMS_HOURLY_BUDGET: '0' }), ['SMS_HOURLY_BUDGET']);
    });
  });

  describe('when ORG_NAME would not fit one GSM-7 segment', () => {
    it('accepts the longest allowed name with Swedish letters', () => {
      assert.equal(load({ ORG_NAME: 'Östra Göinge och Åsele kommuner, IT-stöd' }).orgName.length, 40);
    });

    it('refuses a name that is too long or uses characters outside GSM-7', () => {
      for (const name of ['K'.repeat(41), '€'.repeat(40), 'Kommunens ’IT’', 'Kommun – IT', 'Łódź kommun']) {
        const problems = problemsFor({ ORG_NAME: name });
        assert.equal(problems.length, 1, name);
        assert.match(problems[0] ?? '', /^ORG_NAME: /, name);
      }
    });
  });
});
