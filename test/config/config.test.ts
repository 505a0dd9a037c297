import assert from 'node:assert/strict';
import { ConfigError, loadConfig, type Config } from '../../src/config';

type Env = Record<string, string | undefined>;

const APP_ID = '00000000-0000-0000-0000-0000000000b1';
const TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
const HASH_SECRET = 'x'.repeat(32);

/** The problems `loadConfig` reports for `env`; fails the test when it does not throw a ConfigError. */
function problemsFor(env: Env): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

/** The setting each problem names (the text before the first colon). */
function keysNamedFor(env: Env): string[] {
  return problemsFor(env).map((problem) => problem.split(':')[0] ?? '');
}

function withoutSecret(config: Config): unknown {
  return { ...config, codes: { ...config.codes, hashSecret: '(random)' } };
}

describe('loadConfig', () => {
  describe('when the environment is empty', () => {
    it('runs the demo: demo directory, console SMS, Playground on', () => {
      const config = loadConfig({});

      assert.equal(config.production, false);
      assert.equal(config.demo, true);
      assert.deepEqual(config.directory, { kind: 'demo' });
      assert.deepEqual(config.sms, { kind: 'console' });
      assert.equal(config.playground.enabled, true);
      assert.deepEqual(config.bot, {});
    });

    it('listens on port 3978 on every interface and logs at info', () => {
      const config = loadConfig({});

      assert.equal(config.port, 3978);
      assert.equal(config.host, '0.0.0.0');
      assert.equal(config.logLevel, 'info');
    });

    it('uses the security numbers from the design', () => {
      const config = loadConfig({});

      assert.deepEqual(
        { ...config.codes, hashSecret: undefined, hashSecretGenerated: undefined },
        {
          hashSecret: undefined,
          hashSecretGenerated: undefined,
          ttlMinutes: 10,
          maxAttempts: 3,
          resendCooldownSeconds: 60,
        },
      );
      assert.deepEqual(config.throttle, { smsPerAccountPerHour: 5, blockHours: 24 });
      assert.equal(config.caseIdleMinutes, 15);
      assert.equal(config.servicedeskPhone, '0142-36 6000');
    });

    it('generates a code hash secret of at least 32 characters, a new one each start', () => {
      const first = loadConfig({});
      const second = loadConfig({});

      assert.equal(first.codes.hashSecretGenerated, true);
      assert.ok(first.codes.hashSecret.length >= 32);
      assert.notEqual(first.codes.hashSecret, second.codes.hashSecret);
    });

    it('warns that requests are not authenticated and that the secret is generated', () => {
      const { warnings } = loadConfig({});

      assert.equal(warnings.length, 2);
      assert.ok(
        warnings.some((warning) => /MicrosoftAppId.*NOT authenticated/.test(warning)),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((warning) => /CODE_HASH_SECRET/.test(warning)),
        warnings.join('\n'),
      );
    });
  });

  describe('when NODE_ENV=production and nothing else is set', () => {
    it('fails once, naming every missing setting', () => {
      const keys = keysNamedFor({ NODE_ENV: 'production' });

      assert.deepEqual([...keys].sort(), [
        'ALLOWED_TENANT_IDS',
        'CODE_HASH_SECRET',
        'DIRECTORY',
        'MicrosoftAppId',
        'SMS_PROVIDER',
      ]);
    });

    it('says all of it in the error message, one line per problem', () => {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production' }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message.split('\n').filter((line) => line.startsWith('  - ')).length, 5);
          return true;
        },
      );
    });
  });

  describe('when production names a demo part', () => {
    it('refuses the demo directory and the console SMS', () => {
      const problems = problemsFor({
        NODE_ENV: 'production',
        DIRECTORY: 'demo',
        SMS_PROVIDER: 'console',
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_ID,
        CODE_HASH_SECRET: HASH_SECRET,
      });

      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0] ?? '', /^DIRECTORY: .*not allowed in production/);
      assert.match(problems[1] ?? '', /^SMS_PROVIDER: .*not allowed in production/);
    });
  });

  describe('when the SMS goes to a webhook', () => {
    it('needs the URL', () => {
      assert.deepEqual(keysNamedFor({ SMS_PROVIDER: 'webhook' }), ['SMS_WEBHOOK_URL']);
    });

    it('names headers that are not JSON, without repeating their (secret) text', () => {
      const problems = problemsFor({
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_HEADERS: '{"Authorization": "Bearer s3cr3t-token"',
      });

      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^SMS_WEBHOOK_HEADERS: .*JSON/);
      assert.ok(!problems.join('\n').includes('s3cr3t-token'));
    });

    for (const [why, headers] of [
      ['a number as a value', '{"X-Api-Key": 5}'],
      ['an array', '["Authorization", "Bearer x"]'],
      ['a header name with a space', '{"X Api Key": "x"}'],
      ['a string', '"Bearer x"'],
    ] as const) {
      it(`names headers that are JSON but ${why}`, () => {
        const keys = keysNamedFor({
          SMS_PROVIDER: 'webhook',
          SMS_WEBHOOK_URL: 'https://sms.example/send',
          SMS_WEBHOOK_HEADERS: headers,
        });

        assert.deepEqual(keys, ['SMS_WEBHOOK_HEADERS']);
      });
    }

    it('names a missing URL and bad headers together', () => {
      const keys = keysNamedFor({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_HEADERS: 'not json' });

      assert.deepEqual(keys, ['SMS_WEBHOOK_URL', 'SMS_WEBHOOK_HEADERS']);
    });

    it('refuses a URL that is not http(s), and plain http in production', () => {
      assert.deepEqual(keysNamedFor({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'not a url' }), [
        'SMS_WEBHOOK_URL',
      ]);
      assert.deepEqual(keysNamedFor({ SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'ftp://sms.example/' }), [
        'SMS_WEBHOOK_URL',
      ]);
      const production = problemsFor({
        NODE_ENV: 'production',
        DIRECTORY: 'demo',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'http://sms.example/send',
      });
      assert.ok(
        production.some((problem) => /^SMS_WEBHOOK_URL: must be https/.test(problem)),
        production.join('\n'),
      );
    });

    it('gives the parsed URL, headers and the default timeout', () => {
      const config = loadConfig({
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_HEADERS: '{"Authorization": "Bearer abc", "X-Sender": "Kommunen"}',
      });

      assert.equal(config.sms.kind, 'webhook');
      assert.ok(config.sms.kind === 'webhook');
      assert.equal(config.sms.url.href, 'https://sms.example/send');
      assert.deepEqual(config.sms.headers, { Authorization: 'Bearer abc', 'X-Sender': 'Kommunen' });
      assert.equal(config.sms.timeoutMs, 5000);
      assert.equal(config.demo, false);
      assert.equal(config.playground.enabled, false);
    });
  });

  describe('when bot credentials are given', () => {
    it('refuses MultiTenant', () => {
      const problems = problemsFor({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'MultiTenant',
        MicrosoftAppTenantId: TENANT_ID,
      });

      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^MicrosoftAppType: MultiTenant .*SingleTenant or UserAssignedMSI/);
    });

    it('needs the password and the tenant for SingleTenant', () => {
      const keys = keysNamedFor({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'SingleTenant' });

      assert.deepEqual([...keys].sort(), ['MicrosoftAppPassword', 'MicrosoftAppTenantId']);
    });

    it('needs the app type', () => {
      const keys = keysNamedFor({ MicrosoftAppId: APP_ID, MicrosoftAppTenantId: TENANT_ID });

      assert.deepEqual(keys, ['MicrosoftAppType']);
    });

    it('needs the tenant but no password for UserAssignedMSI', () => {
      assert.deepEqual(keysNamedFor({ MicrosoftAppId: APP_ID, MicrosoftAppType: 'UserAssignedMSI' }), [
        'MicrosoftAppTenantId',
      ]);
      const config = loadConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppType: 'UserAssignedMSI',
        MicrosoftAppTenantId: TENANT_ID,
      });
      assert.deepEqual(config.bot, { appId: APP_ID, appType: 'UserAssignedMSI', tenantId: TENANT_ID });
    });

    it('accepts a complete SingleTenant registration and leaves demo mode without the auth warning', () => {
      const config = loadConfig({
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'secret',
        MicrosoftAppType: 'SingleTenant',
        MicrosoftAppTenantId: TENANT_ID,
      });

      assert.deepEqual(config.bot, {
        appId: APP_ID,
        appPassword: 'secret',
        appType: 'SingleTenant',
        tenantId: TENANT_ID,
      });
      assert.equal(config.demo, false);
      assert.equal(config.playground.enabled, false);
      assert.ok(!config.warnings.some((warning) => warning.includes('MicrosoftAppId')));
    });
  });

  describe('when a number is out of range or not a number', () => {
    for (const [key, value] of [
      ['PORT', 'abc'],
      ['PORT', '-1'],
      ['PORT', '70000'],
      ['PORT', '80.5'],
      ['CODE_TTL_MINUTES', '0'],
      ['CODE_MAX_ATTEMPTS', '2.5'],
      ['CODE_RESEND_COOLDOWN_SECONDS', '-1'],
      ['SMS_PER_ACCOUNT_PER_HOUR', 'many'],
      ['SMS_BLOCK_HOURS', '1000'],
      ['CASE_IDLE_MINUTES', '0'],
      ['SMS_TIMEOUT_MS', '60000'],
    ] as const) {
      it(`names ${key} for ${JSON.stringify(value)}`, () => {
        assert.deepEqual(keysNamedFor({ [key]: value }), [key]);
      });
    }

    it('names every bad number at once', () => {
      const keys = keysNamedFor({ PORT: 'abc', CODE_TTL_MINUTES: '0', CODE_MAX_ATTEMPTS: '2.5' });

      assert.deepEqual(keys, ['PORT', 'CODE_TTL_MINUTES', 'CODE_MAX_ATTEMPTS']);
    });

    it('names bad values together with what production is missing', () => {
      const keys = keysNamedFor({ NODE_ENV: 'production', PORT: 'abc' });

      assert.deepEqual([...keys].sort(), [
        'ALLOWED_TENANT_IDS',
        'CODE_HASH_SECRET',
        'DIRECTORY',
        'MicrosoftAppId',
        'PORT',
        'SMS_PROVIDER',
      ]);
    });

    it('reads numbers written as text', () => {
      const config = loadConfig({ PORT: '8080', CODE_TTL_MINUTES: '5', SMS_BLOCK_HOURS: '48' });

      assert.equal(config.port, 8080);
      assert.equal(config.codes.ttlMinutes, 5);
      assert.equal(config.throttle.blockHours, 48);
    });
  });

  describe('when a setting is present but empty (KEY= in an .env file)', () => {
    it('uses the default, as if it were not set', () => {
      const config = loadConfig({
        PORT: '',
        CODE_RESEND_COOLDOWN_SECONDS: '',
        CODE_TTL_MINUTES: ' ',
        HOST: '',
        MicrosoftAppType: '',
        CODE_HASH_SECRET: '',
      });

      assert.equal(config.port, 3978);
      assert.equal(config.codes.resendCooldownSeconds, 60);
      assert.equal(config.codes.ttlMinutes, 10);
      assert.equal(config.host, '0.0.0.0');
      assert.equal(config.codes.hashSecretGenerated, true);
    });
  });

  describe('when other settings are wrong', () => {
    it('names a code hash secret shorter than 32 characters without repeating it', () => {
      const problems = problemsFor({ CODE_HASH_SECRET: 'short-secret-value' });

      assert.deepEqual(problems, ['CODE_HASH_SECRET: must be at least 32 characters']);
    });

    it('names unknown choices', () => {
      const keys = keysNamedFor({ NODE_ENV: 'staging', DIRECTORY: 'ldap', SMS_PROVIDER: 'carrier-pigeon' });

      assert.deepEqual(keys, ['NODE_ENV', 'DIRECTORY', 'SMS_PROVIDER']);
    });
  });

  describe('when the Playground setting is explicit', () => {
    it('turns it off in the demo with false, and on outside the demo with true', () => {
      assert.equal(loadConfig({ PLAYGROUND: 'false' }).playground.enabled, false);
      const withWebhook = loadConfig({
        PLAYGROUND: 'true',
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
      });
      assert.equal(withWebhook.playground.enabled, true);
    });
  });

  describe('when the configuration is loaded', () => {
    it('is frozen all the way down', () => {
      const config = loadConfig({
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_HEADERS: '{"Authorization": "Bearer abc"}',
      });

      for (const part of [config, config.bot, config.directory, config.sms, config.codes, config.throttle]) {
        assert.ok(Object.isFrozen(part), JSON.stringify(part));
      }
      assert.ok(Object.isFrozen(config.playground));
      assert.ok(Object.isFrozen(config.warnings));
      assert.ok(config.sms.kind === 'webhook' && Object.isFrozen(config.sms.headers));
      assert.throws(() => {
        (config.codes as { ttlMinutes: number }).ttlMinutes = 60;
      }, TypeError);
    });
  });

  describe('when the environment holds keys it does not know', () => {
    it('ignores them, including known names in another case', () => {
      const plain = loadConfig({});

      const noisy = loadConfig({
        PATH: '/usr/bin',
        HOME: '/root',
        npm_lifecycle_event: 'test',
        port: '1',
        node_env: 'production',
        DIRECTORY_TYPE: 'ldap',
      });

      assert.deepEqual(withoutSecret(noisy), withoutSecret(plain));
    });
  });
});
