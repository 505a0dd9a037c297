import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../src/config';

type Env = Record<string, string | undefined>;

const APP_ID = '00000000-0000-0000-0000-0000000000b1';
const TENANT_ID = '00000000-0000-0000-0000-0000000000a1';
const HASH_SECRET = 'x'.repeat(32);
const HELPDESK_APP_ID = '00000000-0000-0000-0000-0000000000c1';
const HELPDESK_TENANT = '00000000-0000-0000-0000-0000000000a2';
const SESSION_SECRET = 's'.repeat(32);
const TEAM_ID = '19:0a1b2c3d4e5f60718293a4b5c6d7e8f9@thread.tacv2';
const CHANNEL_ID = '19:f9e8d7c6b5a4938271605f4e3d2c1b0a@thread.tacv2';

/** What production needs for the service desk's view and alerts. */
const SERVICE_DESK: Env = {
  PUBLIC_URL: 'https://reset.kommun.example',
  HELPDESK_CLIENT_ID: HELPDESK_APP_ID,
  HELPDESK_CLIENT_SECRET: 'helpdesk-client-secret',
  HELPDESK_SESSION_SECRET: SESSION_SECRET,
  ALERT_TEAM_ID: TEAM_ID,
};

/** A complete production configuration: a test changes or removes only the setting it is about. */
const PRODUCTION: Env = {
  NODE_ENV: 'production',
  MicrosoftAppId: APP_ID,
  MicrosoftAppType: 'UserAssignedMSI',
  MicrosoftAppTenantId: TENANT_ID,
  CODE_HASH_SECRET: HASH_SECRET,
  DIRECTORY: 'graph',
  GRAPH_TENANT_ID: TENANT_ID,
  SMS_PROVIDER: 'webhook',
  SMS_WEBHOOK_URL: 'https://sms.example/send',
  ...SERVICE_DESK,
};

/** The webhook outside production, without bot credentials: allowed only when said explicitly (SECURITY.md). */
const WEBHOOK: Env = { SMS_PROVIDER: 'webhook', ALLOW_UNAUTHENTICATED_REQUESTS: 'true' };

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

function withoutSecrets(config: Config): unknown {
  return {
    ...config,
    codes: { ...config.codes, hashSecret: '(random)' },
    helpdesk: { ...config.helpdesk, sessionSecret: '(random)' },
  };
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

    it('warns that requests are not authenticated and that the secrets are generated', () => {
      const { warnings } = loadConfig({});

      assert.equal(warnings.length, 3);
      assert.ok(
        warnings.some((warning) => /MicrosoftAppId.*NOT authenticated/.test(warning)),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((warning) => /CODE_HASH_SECRET/.test(warning)),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((warning) => /HELPDESK_SESSION_SECRET/.test(warning)),
        warnings.join('\n'),
      );
    });
  });

  describe('when NODE_ENV=production and nothing else is set', () => {
    it('fails once, naming every missing setting', () => {
      const keys = keysNamedFor({ NODE_ENV: 'production' });

      assert.deepEqual([...keys].sort(), [
        'ALERT_TEAM_ID',
        'ALLOWED_TENANT_IDS',
        'CODE_HASH_SECRET',
        'DIRECTORY',
        'HELPDESK_CLIENT_ID',
        'HELPDESK_SESSION_SECRET',
        'MicrosoftAppId',
        'PUBLIC_URL',
        'SMS_PROVIDER',
      ]);
    });

    it('says all of it in the error message, one line per problem', () => {
      assert.throws(
        () => loadConfig({ NODE_ENV: 'production' }),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message.split('\n').filter((line) => line.startsWith('  - ')).length, 9);
          return true;
        },
      );
    });

    for (const [key, reason] of [
      ['PUBLIC_URL', /required in production/],
      ['HELPDESK_CLIENT_ID', /required in production .*Entra ID/],
      ['HELPDESK_SESSION_SECRET', /required in production/],
      ['ALERT_TEAM_ID', /required in production unless ALERT_CHANNEL_ID is set/],
    ] as const) {
      it(`says why ${key} is needed`, () => {
        const problem = problemsFor({ NODE_ENV: 'production' }).find((text) => text.startsWith(`${key}:`));

        assert.match(problem ?? '(none)', reason);
      });
    }
  });

  describe('when production is complete', () => {
    it('starts with Entra sign-in for the service desk, no one-time link and no generated secret', () => {
      const config = loadConfig(PRODUCTION);

      assert.equal(config.production, true);
      assert.equal(config.publicUrl, 'https://reset.kommun.example');
      assert.deepEqual(config.helpdesk, {
        entra: {
          tenantId: TENANT_ID,
          clientId: HELPDESK_APP_ID,
          clientSecret: 'helpdesk-client-secret',
          authorityHost: 'https://login.microsoftonline.com',
        },
        role: 'Helpdesk',
        sessionSecret: SESSION_SECRET,
        sessionSecretGenerated: false,
        sessionHours: 8,
        oneTimeLink: false,
      });
      assert.deepEqual(config.alerts, {
        teamId: TEAM_ID,
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
      });
      assert.deepEqual(config.warnings, []);
    });

    for (const key of Object.keys(SERVICE_DESK)) {
      it(`fails without ${key}, naming only it`, () => {
        assert.deepEqual(keysNamedFor({ ...PRODUCTION, [key]: undefined }), [key]);
      });
    }
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
        ...SERVICE_DESK,
      });

      assert.equal(problems.length, 2, problems.join('\n'));
      assert.match(problems[0] ?? '', /^DIRECTORY: .*not allowed in production/);
      assert.match(problems[1] ?? '', /^SMS_PROVIDER: .*not allowed in production/);
    });
  });

  describe('when the SMS goes to a webhook', () => {
    it('needs the URL', () => {
      assert.deepEqual(keysNamedFor({ ...WEBHOOK }), ['SMS_WEBHOOK_URL']);
    });

    it('names headers that are not JSON, without repeating their (secret) text', () => {
      const problems = problemsFor({
        ...WEBHOOK,
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
          ...WEBHOOK,
          SMS_WEBHOOK_URL: 'https://sms.example/send',
          SMS_WEBHOOK_HEADERS: headers,
        });

        assert.deepEqual(keys, ['SMS_WEBHOOK_HEADERS']);
      });
    }

    it('names a missing URL and bad headers together', () => {
      const keys = keysNamedFor({ ...WEBHOOK, SMS_WEBHOOK_HEADERS: 'not json' });

      assert.deepEqual(keys, ['SMS_WEBHOOK_URL', 'SMS_WEBHOOK_HEADERS']);
    });

    it('refuses a URL that is not http(s), and plain http in production', () => {
      assert.deepEqual(keysNamedFor({ ...WEBHOOK, SMS_WEBHOOK_URL: 'not a url' }), ['SMS_WEBHOOK_URL']);
      assert.deepEqual(keysNamedFor({ ...WEBHOOK, SMS_WEBHOOK_URL: 'ftp://sms.example/' }), [
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
        ...WEBHOOK,
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
      ['HELPDESK_SESSION_HOURS', '0'],
      ['HELPDESK_SESSION_HOURS', '25'],
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
        'ALERT_TEAM_ID',
        'ALLOWED_TENANT_IDS',
        'CODE_HASH_SECRET',
        'DIRECTORY',
        'HELPDESK_CLIENT_ID',
        'HELPDESK_SESSION_SECRET',
        'MicrosoftAppId',
        'PORT',
        'PUBLIC_URL',
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

  describe('when the public URL is set or not', () => {
    it('is the local server on PORT outside production when empty', () => {
      assert.equal(loadConfig({}).publicUrl, 'http://127.0.0.1:3978');
      assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://127.0.0.1:8080');
    });

    for (const [given, expected] of [
      ['https://reset.kommun.example/', 'https://reset.kommun.example'],
      ['https://reset.kommun.example/bot//', 'https://reset.kommun.example/bot'],
      ['http://localhost:3978', 'http://localhost:3978'],
    ] as const) {
      it(`gives ${given} as ${expected} outside production`, () => {
        assert.equal(loadConfig({ PUBLIC_URL: given }).publicUrl, expected);
      });
    }

    it('must be https in production', () => {
      const problems = problemsFor({ ...PRODUCTION, PUBLIC_URL: 'http://reset.kommun.example' });

      assert.deepEqual(problems, ['PUBLIC_URL: must be https in production']);
    });

    for (const value of ['reset.kommun.example', 'ftp://reset.kommun.example/', 'not a url']) {
      it(`names ${JSON.stringify(value)}, which is not an http(s) URL`, () => {
        assert.deepEqual(keysNamedFor({ PUBLIC_URL: value }), ['PUBLIC_URL']);
      });
    }

    for (const value of ['https://x.example/?a=b', 'https://x.example/#top', 'https://user@x.example/']) {
      it(`names ${value}: a query, fragment or user would corrupt every link built on it`, () => {
        assert.deepEqual(keysNamedFor({ PUBLIC_URL: value }), ['PUBLIC_URL']);
      });
    }

    it('refuses plain http for ALERT_SERVICE_URL in production, where the bot sends its token there', () => {
      const problems = problemsFor({ ...PRODUCTION, ALERT_SERVICE_URL: 'http://smba.example/teams/' });

      assert.deepEqual(problems, ['ALERT_SERVICE_URL: must be https in production']);
    });

    it('refuses a HELPDESK_TENANT_ID that is a domain name instead of the tenant GUID', () => {
      const problems = problemsFor({ ...PRODUCTION, HELPDESK_TENANT_ID: 'kommun.onmicrosoft.com' });

      assert.deepEqual(problems, ['HELPDESK_TENANT_ID: must be the tenant id (GUID)']);
    });
  });

  describe('when the service desk signs in', () => {
    const signIn: Env = {
      HELPDESK_CLIENT_ID: HELPDESK_APP_ID,
      HELPDESK_CLIENT_SECRET: 'helpdesk-client-secret',
    };
    let caDir: string;

    before(async () => {
      caDir = await mkdtemp(path.join(tmpdir(), 'helpdesk-ca-'));
    });

    after(async () => {
      await rm(caDir, { recursive: true, force: true });
    });

    it('prints a one-time link outside production when no app registration is given', () => {
      const { helpdesk } = loadConfig({});

      assert.equal(helpdesk.oneTimeLink, true);
      assert.equal(helpdesk.entra, undefined);
      assert.equal(helpdesk.role, 'Helpdesk');
      assert.equal(helpdesk.sessionHours, 8);
    });

    for (const [when, env, oneTimeLink] of [
      ['outside production without HELPDESK_CLIENT_ID', {}, true],
      ['outside production with HELPDESK_CLIENT_ID', { ...signIn, MicrosoftAppTenantId: TENANT_ID }, false],
      ['in production', PRODUCTION, false],
    ] as const) {
      it(`${oneTimeLink ? 'offers' : 'does not offer'} the one-time link ${when}`, () => {
        assert.equal(loadConfig(env).helpdesk.oneTimeLink, oneTimeLink);
      });
    }

    for (const [when, env, keys] of [
      [
        'without the secret',
        { HELPDESK_CLIENT_ID: HELPDESK_APP_ID, MicrosoftAppTenantId: TENANT_ID },
        ['HELPDESK_CLIENT_SECRET'],
      ],
      ['without any tenant', signIn, ['HELPDESK_TENANT_ID']],
      [
        'with neither',
        { HELPDESK_CLIENT_ID: HELPDESK_APP_ID },
        ['HELPDESK_TENANT_ID', 'HELPDESK_CLIENT_SECRET'],
      ],
      [
        'with a sign-in host that is not https',
        { ...signIn, HELPDESK_TENANT_ID: HELPDESK_TENANT, HELPDESK_AUTHORITY_HOST: 'http://login.example' },
        ['HELPDESK_AUTHORITY_HOST'],
      ],
      [
        'with a CA file that does not exist',
        { ...signIn, HELPDESK_TENANT_ID: HELPDESK_TENANT, HELPDESK_CA_FILE: '/nonexistent/ca.pem' },
        ['HELPDESK_CA_FILE'],
      ],
    ] as const) {
      it(`names what is missing when HELPDESK_CLIENT_ID is set ${when}`, () => {
        assert.deepEqual(keysNamedFor(env), keys);
      });
    }

    it('takes the tenant from MicrosoftAppTenantId unless HELPDESK_TENANT_ID is set', () => {
      const fromBot = loadConfig({ ...signIn, MicrosoftAppTenantId: TENANT_ID });
      const own = loadConfig({
        ...signIn,
        MicrosoftAppTenantId: TENANT_ID,
        HELPDESK_TENANT_ID: HELPDESK_TENANT,
      });

      assert.equal(fromBot.helpdesk.entra?.tenantId, TENANT_ID);
      assert.equal(own.helpdesk.entra?.tenantId, HELPDESK_TENANT);
    });

    it('gives the sign-in host without a trailing slash, and a readable CA file', async () => {
      const caFile = path.join(caDir, 'ca.pem');
      await writeFile(caFile, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');

      const { helpdesk } = loadConfig({
        ...signIn,
        HELPDESK_TENANT_ID: HELPDESK_TENANT,
        HELPDESK_AUTHORITY_HOST: 'https://login.microsoftonline.us/',
        HELPDESK_CA_FILE: caFile,
      });

      assert.deepEqual(helpdesk.entra, {
        tenantId: HELPDESK_TENANT,
        clientId: HELPDESK_APP_ID,
        clientSecret: 'helpdesk-client-secret',
        authorityHost: 'https://login.microsoftonline.us',
        caFile,
      });
    });

    it('takes a group object id in lower case, and names a group that is not a GUID', () => {
      const groupId = '6F1D2C3B-4A59-4E8D-9C7B-0A1B2C3D4E5F';

      assert.equal(loadConfig({ HELPDESK_GROUP_ID: groupId }).helpdesk.groupId, groupId.toLowerCase());
      assert.deepEqual(keysNamedFor({ HELPDESK_GROUP_ID: 'Servicedesk' }), ['HELPDESK_GROUP_ID']);
      assert.deepEqual(keysNamedFor({ ...PRODUCTION, HELPDESK_GROUP_ID: 'Servicedesk' }), [
        'HELPDESK_GROUP_ID',
      ]);
    });
  });

  describe('when the session secret is set or not', () => {
    it('generates one of at least 32 characters outside production, a new one each start, with a warning', () => {
      const first = loadConfig({});
      const second = loadConfig({});

      assert.equal(first.helpdesk.sessionSecretGenerated, true);
      assert.ok(first.helpdesk.sessionSecret.length >= 32);
      assert.notEqual(first.helpdesk.sessionSecret, second.helpdesk.sessionSecret);
      assert.ok(
        first.warnings.some((warning) => /^HELPDESK_SESSION_SECRET is not set/.test(warning)),
        first.warnings.join('\n'),
      );
    });

    it('uses the given one without a warning', () => {
      const config = loadConfig({ HELPDESK_SESSION_SECRET: SESSION_SECRET });

      assert.equal(config.helpdesk.sessionSecret, SESSION_SECRET);
      assert.equal(config.helpdesk.sessionSecretGenerated, false);
      assert.ok(!config.warnings.some((warning) => warning.includes('HELPDESK_SESSION_SECRET')));
    });

    for (const [where, base] of [
      ['outside production', {}],
      ['in production', PRODUCTION],
    ] as const) {
      it(`refuses one shorter than 32 characters ${where}, without repeating it`, () => {
        const problems = problemsFor({ ...base, HELPDESK_SESSION_SECRET: 'short-session-secret' });

        assert.deepEqual(problems, ['HELPDESK_SESSION_SECRET: must be at least 32 characters']);
      });
    }
  });

  describe('when alerts are configured', () => {
    it('has no team or channel and the public Bot Connector outside production when empty', () => {
      assert.deepEqual(loadConfig({}).alerts, { serviceUrl: 'https://smba.trafficmanager.net/teams/' });
    });

    it('takes a team and a channel id', () => {
      const { alerts } = loadConfig({ ALERT_TEAM_ID: TEAM_ID, ALERT_CHANNEL_ID: CHANNEL_ID });

      assert.deepEqual(alerts, {
        teamId: TEAM_ID,
        channelId: CHANNEL_ID,
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
      });
    });

    it('needs no team in production when a channel is configured', () => {
      const config = loadConfig({ ...PRODUCTION, ALERT_TEAM_ID: undefined, ALERT_CHANNEL_ID: CHANNEL_ID });

      assert.deepEqual(config.alerts, {
        channelId: CHANNEL_ID,
        serviceUrl: 'https://smba.trafficmanager.net/teams/',
      });
    });

    for (const key of ['ALERT_TEAM_ID', 'ALERT_CHANNEL_ID'] as const) {
      for (const value of [
        'Servicedesk',
        '19:0a1b2c3d@thread.v2',
        '0a1b2c3d@thread.tacv2',
        '19:0a1b 2c3d@thread.tacv2',
        'https://teams.microsoft.com/l/team/19%3a0a1b2c3d%40thread.tacv2/conversations',
      ]) {
        it(`names ${key}=${JSON.stringify(value)}, which is not a 19:…@thread.tacv2 id`, () => {
          assert.deepEqual(keysNamedFor({ [key]: value }), [key]);
        });
      }
    }

    it('takes another http(s) Bot Connector URL and names one that is not', () => {
      const gcc = 'https://smba.infra.gcc.teams.microsoft.com/teams/';

      assert.equal(loadConfig({ ALERT_SERVICE_URL: gcc }).alerts.serviceUrl, gcc);
      assert.deepEqual(keysNamedFor({ ALERT_SERVICE_URL: 'smba.trafficmanager.net/teams/' }), [
        'ALERT_SERVICE_URL',
      ]);
      assert.deepEqual(keysNamedFor({ ALERT_SERVICE_URL: 'ftp://smba.trafficmanager.net/' }), [
        'ALERT_SERVICE_URL',
      ]);
    });
  });

  describe('when the Playground setting is explicit', () => {
    it('turns it off in the demo with false, and on outside the demo with true', () => {
      assert.equal(loadConfig({ PLAYGROUND: 'false' }).playground.enabled, false);
      const withWebhook = loadConfig({
        PLAYGROUND: 'true',
        ...WEBHOOK,
        SMS_WEBHOOK_URL: 'https://sms.example/send',
      });
      assert.equal(withWebhook.playground.enabled, true);
    });
  });

  describe('when a real directory or SMS provider has no bot credentials outside production', () => {
    const real: readonly Env[] = [
      { DIRECTORY: 'graph', GRAPH_TENANT_ID: TENANT_ID },
      {
        DIRECTORY: 'ad',
        AD_URLS: 'ldaps://dc1.kommun.local',
        AD_BASE_DN: 'DC=kommun,DC=local',
        AD_BIND_DN: 'CN=svc,DC=kommun,DC=local',
        AD_BIND_PASSWORD: 'pw',
      },
      { ...WEBHOOK, ALLOW_UNAUTHENTICATED_REQUESTS: undefined, SMS_WEBHOOK_URL: 'https://sms.example/send' },
      {
        SMS_PROVIDER: 'acs',
        SMS_FROM: 'Kommunen',
        ACS_ENDPOINT: 'https://kommun.communication.azure.com',
      },
    ];

    for (const env of real) {
      const what =
        env['DIRECTORY'] !== undefined
          ? `DIRECTORY=${env['DIRECTORY']}`
          : `SMS_PROVIDER=${env['SMS_PROVIDER']}`;

      it(`refuses to start with ${what}, naming MicrosoftAppId and the way out`, () => {
        const problems = problemsFor({ NODE_ENV: 'development', ...env });

        assert.equal(problems.length, 1, problems.join('\n'));
        assert.match(
          problems[0] ?? '',
          new RegExp(`^MicrosoftAppId: required with ${what}.*ALLOW_UNAUTHENTICATED_REQUESTS=true`),
        );
      });

      it(`starts with ${what} when ALLOW_UNAUTHENTICATED_REQUESTS=true, and says so loudly`, () => {
        const config = loadConfig({ ...env, ALLOW_UNAUTHENTICATED_REQUESTS: 'true' });

        assert.equal(config.allowUnauthenticated, true);
        assert.ok(
          config.warnings.some((warning) =>
            /^ALLOW_UNAUTHENTICATED_REQUESTS=true .*NOT authenticated/.test(warning),
          ),
          config.warnings.join('\n'),
        );
      });

      it(`starts with ${what} and bot credentials, without the flag`, () => {
        const config = loadConfig({
          ...env,
          MicrosoftAppId: APP_ID,
          MicrosoftAppType: 'UserAssignedMSI',
          MicrosoftAppTenantId: TENANT_ID,
        });

        assert.equal(config.allowUnauthenticated, false);
        assert.deepEqual(config.security.allowedTenantIds, [TENANT_ID]);
      });
    }

    it('still runs the all-defaults demo without the flag: no real account or SMS is reachable', () => {
      const config = loadConfig({});

      assert.equal(config.demo, true);
      assert.equal(config.allowUnauthenticated, false);
    });

    it('refuses ALLOW_UNAUTHENTICATED_REQUESTS=true in production', () => {
      assert.deepEqual(problemsFor({ ...PRODUCTION, ALLOW_UNAUTHENTICATED_REQUESTS: 'true' }), [
        'ALLOW_UNAUTHENTICATED_REQUESTS: not allowed in production',
      ]);
    });
  });

  describe('when STORAGE=memory', () => {
    it('is refused in production: limits would reset on every restart and count per instance', () => {
      const problems = problemsFor({ ...PRODUCTION, STORAGE: 'memory' });

      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0] ?? '', /^STORAGE: memory is not allowed in production/);
    });

    it('is allowed outside production (tests)', () => {
      assert.equal(loadConfig({ STORAGE: 'memory' }).storage.kind, 'memory');
    });
  });

  describe('when the configuration is loaded', () => {
    it('is frozen all the way down', () => {
      const config = loadConfig({
        ...WEBHOOK,
        SMS_WEBHOOK_URL: 'https://sms.example/send',
        SMS_WEBHOOK_HEADERS: '{"Authorization": "Bearer abc"}',
      });

      for (const part of [
        config,
        config.bot,
        config.directory,
        config.sms,
        config.codes,
        config.throttle,
        config.helpdesk,
        config.alerts,
      ]) {
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

      assert.deepEqual(withoutSecrets(noisy), withoutSecrets(plain));
    });
  });
});
