import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, settingsSchema } from '../../src/config';
import {
  jsonFiles,
  namesUsed,
  nestedDeploymentSchema,
  parameterFileSchema,
  parameterReference,
  resourcesOfType,
  templatesIn,
  templateSchema,
  type ParameterFile,
  type Template,
} from './armTemplate';

/** Set by App Service or read by the Azure SDKs themselves, not by src/config. */
const PLATFORM_SETTINGS = new Set([
  'AZURE_CLIENT_ID',
  // Read by the OpenTelemetry SDK itself: the role name in Application Insights, and no usage counts
  // (statsbeat) sent to Microsoft beyond the municipality's own telemetry.
  'OTEL_SERVICE_NAME',
  'APPLICATION_INSIGHTS_NO_STATSBEAT',
  'SCM_DO_BUILD_DURING_DEPLOYMENT',
  'WEBSITE_HEALTHCHECK_MAXPINGFAILURES',
]);
/** Settings whose value chooses an adapter: a group setting one the schema does not offer yet is pending. */
const MODE_SETTINGS = ['DIRECTORY', 'SMS_PROVIDER', 'STORAGE'] as const;
const SECRET_SETTING = /SECRET|PASSWORD|HEADERS|CONNECTION_STRING|_KEY$/;
const KEY_VAULT_REFERENCE = '@Microsoft.KeyVault(SecretUri=';
/** Stand-ins for values that only exist once deployed (Key Vault secrets, resource references). */
const SECRET_SAMPLES: Readonly<Record<string, string>> = {
  SMS_WEBHOOK_HEADERS: '{"Authorization":"Bearer placeholder"}',
};
const SAMPLE_GUID = '11111111-2222-4333-8444-555555555555';

const files = jsonFiles();
const main = templateSchema.parse(files.find((file) => file.name === 'main.json')?.json);
const parameterFiles = files
  .filter((file) => file.name !== 'main.json')
  .map((file) => ({ name: file.name, ...parameterFileSchema.parse(file.json) }));
const appSettingsDeployment = nestedDeploymentSchema.parse(
  main.resources.find((resource) => resource.name === 'app-settings'),
);
const settingsTemplate = appSettingsDeployment.properties.template;

function resource(template: Template, type: string) {
  const [found, ...more] = resourcesOfType(template, type);
  assert.ok(found, `no ${type}`);
  assert.equal(more.length, 0, `more than one ${type}`);
  return found;
}

const objectRecord = z.record(z.unknown());

/** The groups the appsettings `union(...)` merges, in order: fixed ones and ones chosen by a parameter. */
function settingGroups(): { variable: string; chosenBy?: string }[] {
  const config = resource(settingsTemplate, 'Microsoft.Web/sites/config');
  assert.match(config.name, /\/appsettings'/);
  const expression = z.string().parse(config.properties);
  const inner = /^\[union\((.*)\)\]$/.exec(expression)?.[1];
  assert.ok(inner, `appsettings are not a union of variables: ${expression}`);
  return inner.split(/,\s*/).map((part) => {
    const match = /^variables\('(\w+)'\)(?:\[parameters\('(\w+)'\)\])?$/.exec(part);
    assert.ok(match?.[1], `unexpected part of the appsettings union: ${part}`);
    return { variable: match[1], ...(match[2] ? { chosenBy: match[2] } : {}) };
  });
}

/** The outer parameter an inner parameter is fed from. */
function outerParameterFor(innerName: string): string | undefined {
  return parameterReference(appSettingsDeployment.properties.parameters[innerName]?.value);
}

/** Every combination of the parameters that choose setting groups, from their allowed values. */
function offeredCombinations(): Record<string, string>[] {
  let combinations: Record<string, string>[] = [{}];
  for (const { chosenBy } of settingGroups()) {
    if (!chosenBy) continue;
    const outer = outerParameterFor(chosenBy);
    assert.ok(outer, `${chosenBy} is not passed straight from a parameter`);
    const allowed = z.array(z.string()).parse(main.parameters[outer]?.allowedValues);
    combinations = combinations.flatMap((combination) =>
      allowed.map((value) => ({ ...combination, [chosenBy]: value })),
    );
  }
  return combinations;
}

interface SettingsGroup {
  readonly name: string;
  readonly settings: Record<string, string>;
}

function groupsFor(combination: Record<string, string>): SettingsGroup[] {
  return settingGroups().map(({ variable, chosenBy }) => {
    const value = settingsTemplate.variables[variable];
    const chosen = chosenBy ? objectRecord.parse(value)[combination[chosenBy]!] : value;
    assert.ok(chosen, `${variable} has no entry for ${chosenBy}=${combination[chosenBy ?? ''] ?? ''}`);
    return {
      name: chosenBy ? `${variable}[${combination[chosenBy]}]` : variable,
      settings: z.record(z.string()).parse(chosen),
    };
  });
}

const sampleParameters: Record<string, unknown> = Object.assign(
  {},
  ...parameterFiles.map((file) =>
    Object.fromEntries(Object.entries(file.parameters).map(([key, { value }]) => [key, value])),
  ),
) as Record<string, unknown>;

/** What a setting would hold once deployed with the sample parameter files. */
function sampleValue(key: string, expression: string): string {
  // The shape of Application Insights' ConnectionString output, which src/config checks.
  if (key === 'APPLICATIONINSIGHTS_CONNECTION_STRING' && expression.startsWith('['))
    return `InstrumentationKey=${SAMPLE_GUID};IngestionEndpoint=https://placeholder.example/`;
  if (expression.includes(KEY_VAULT_REFERENCE)) return SECRET_SAMPLES[key] ?? `kv-${'x'.repeat(45)}`;
  const innerParameter = parameterReference(expression);
  if (innerParameter === undefined) return expression.startsWith('[') ? SAMPLE_GUID : expression;
  const passed = appSettingsDeployment.properties.parameters[innerParameter]?.value;
  const outer = parameterReference(passed);
  if (outer === undefined) {
    const text = String(passed);
    return /endpoint|hostName|ConnectionString|vaultUri/i.test(text)
      ? 'https://placeholder.example/'
      : SAMPLE_GUID;
  }
  const value = sampleParameters[outer] ?? main.parameters[outer]?.defaultValue;
  if (typeof value === 'string') return value.startsWith('[') ? SAMPLE_GUID : value;
  return value === undefined ? '' : JSON.stringify(value);
}

/** The mode setting of a group whose value the schema does not accept yet (another issue adds it). */
function pendingMode(group: SettingsGroup): string | undefined {
  const shape = settingsSchema.shape as Record<string, z.ZodTypeAny>;
  for (const key of MODE_SETTINGS) {
    const value = group.settings[key];
    if (value === undefined) continue;
    const known = shape[key];
    if (!known || !known.safeParse(value).success) return `${key}=${value}`;
  }
  return undefined;
}

function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

const settingKey = (problem: string) => problem.split(':')[0] ?? '';

describe('Azure deployment templates (deploymentTemplates/)', function () {
  let standInDir: string;
  let standInFile = '';

  before(async function () {
    standInDir = await mkdtemp(path.join(tmpdir(), 'arm-settings-'));
    standInFile = path.join(standInDir, 'stand-in.pem');
    await writeFile(standInFile, '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n');
  });

  after(async function () {
    await rm(standInDir, { recursive: true, force: true });
  });

  /** The environment the app would get, with sample values for what only exists once deployed. */
  function sampleEnv(groups: readonly SettingsGroup[]): Record<string, string> {
    return Object.fromEntries(
      groups.flatMap((group) =>
        Object.entries(group.settings).map(([key, value]) => {
          const sample = sampleValue(key, value);
          // Paths name files on the server; here a readable stand-in takes their place.
          return [key, key.endsWith('_FILE') && sample !== '' ? standInFile : sample];
        }),
      ),
    );
  }

  describe('when parsed', function () {
    it('holds one template and parameter files, all valid JSON with $schema and contentVersion', function () {
      assert.ok(files.length >= 2);
      assert.ok(parameterFiles.length >= 2, 'at least one parameter file per bot auth type');
    });

    it('declares every parameter and variable it uses, and uses every one it declares (each scope)', function () {
      for (const { scope, template, ownText } of templatesIn(main)) {
        const withoutDeclarations = JSON.stringify({ ...JSON.parse(ownText), parameters: {} });
        const usedParameters = namesUsed(withoutDeclarations, 'parameters');
        assert.deepEqual(
          [...usedParameters].sort(),
          Object.keys(template.parameters).sort(),
          `parameters, ${scope}`,
        );
        assert.deepEqual(
          [...namesUsed(ownText, 'variables')].sort(),
          Object.keys(template.variables).sort(),
          `variables, ${scope}`,
        );
      }
    });

    it('passes every parameter of the nested app-settings template', function () {
      assert.deepEqual(
        Object.keys(appSettingsDeployment.properties.parameters).sort(),
        Object.keys(settingsTemplate.parameters).sort(),
      );
    });
  });

  describe('when a parameter file is given', function () {
    for (const file of parameterFiles) {
      describe(file.name, function () {
        it('sets only declared parameters and every one without a default', function () {
          for (const key of Object.keys(file.parameters))
            assert.ok(main.parameters[key], `${key} is not declared`);
          for (const [key, declared] of Object.entries(main.parameters)) {
            if (declared.defaultValue === undefined) assert.ok(file.parameters[key], `${key} has no value`);
          }
        });

        it('holds no secret value', function () {
          assertNoSecrets(file);
        });

        it('uses allowed values, and never MultiTenant', function () {
          for (const [key, { value }] of Object.entries(file.parameters)) {
            const allowed = main.parameters[key]?.allowedValues;
            if (allowed) assert.ok(allowed.includes(value), `${key}=${String(value)} is not allowed`);
          }
          assert.notEqual(file.parameters['botAuthType']?.value, 'MultiTenant');
        });
      });
    }
  });

  describe('when deployed, the web app', function () {
    const site = resource(main, 'Microsoft.Web/sites');
    const properties = z
      .object({
        httpsOnly: z.boolean(),
        keyVaultReferenceIdentity: z.string().optional(),
        siteConfig: z.record(z.unknown()),
      })
      .passthrough()
      .parse(site.properties);

    it('runs on Linux with Node 24 LTS (20 is past its end of life and no longer offered), always on, health-checked on /healthz', function () {
      assert.match(String(site['kind']), /linux/);
      assert.match(String(properties.siteConfig['linuxFxVersion']), /^NODE\|24-lts$/);
      assert.equal(properties.siteConfig['alwaysOn'], true);
      assert.equal(properties.siteConfig['healthCheckPath'], '/healthz');
      const plan = resource(main, 'Microsoft.Web/serverfarms');
      assert.equal(
        z.object({ reserved: z.literal(true) }).safeParse(plan.properties).success,
        true,
        'plan not Linux',
      );
      assert.doesNotMatch(JSON.stringify(main.parameters['appServicePlanSku']?.allowedValues), /"(F1|D1)"/);
    });

    it('takes HTTPS only with TLS 1.2 or newer and no FTP or basic-auth publishing', function () {
      assert.equal(properties.httpsOnly, true);
      for (const key of ['minTlsVersion', 'scmMinTlsVersion']) {
        assert.ok(Number(properties.siteConfig[key]) >= 1.2, `${key} ${String(properties.siteConfig[key])}`);
      }
      assert.equal(properties.siteConfig['ftpsState'], 'Disabled');
      const policies = resourcesOfType(main, 'Microsoft.Web/sites/basicPublishingCredentialsPolicies');
      assert.deepEqual(policies.map((policy) => policy.name).sort(), [
        "[format('{0}/ftp', variables('names').site)]",
        "[format('{0}/scm', variables('names').site)]",
      ]);
      for (const policy of policies) assert.deepEqual(policy.properties, { allow: false });
    });

    it('runs as the user-assigned identity, which also opens the Key Vault references', function () {
      const identity = z
        .object({ type: z.literal('UserAssigned'), userAssignedIdentities: z.record(z.unknown()) })
        .parse(site['identity']);
      const identityId = Object.keys(identity.userAssignedIdentities)[0];
      assert.match(identityId ?? '', /userAssignedIdentities/);
      assert.equal(properties.keyVaultReferenceIdentity, identityId);
    });
  });

  describe('when deployed, the bot and its dependencies', function () {
    it('register an Azure Bot as UserAssignedMSI or SingleTenant, never MultiTenant', function () {
      const bot = resource(main, 'Microsoft.BotService/botServices');
      const msaAppType = z.object({ msaAppType: z.string() }).passthrough().parse(bot.properties).msaAppType;
      const parameter = parameterReference(msaAppType);
      assert.ok(parameter, 'msaAppType comes from a parameter');
      assert.deepEqual(main.parameters[parameter]?.allowedValues, ['UserAssignedMSI', 'SingleTenant']);
      for (const file of files) assert.doesNotMatch(JSON.stringify(file.json), /MultiTenant"/, file.name);
    });

    it('enable the Teams channel', function () {
      const channel = resource(main, 'Microsoft.BotService/botServices/channels');
      assert.match(channel.name, /\/MsTeamsChannel'/);
      assert.deepEqual(channel.properties, {
        channelName: 'MsTeamsChannel',
        properties: { isEnabled: true },
      });
    });

    it('give the identity Blob and Table data access and Key Vault secret reads', function () {
      const roles = resourcesOfType(main, 'Microsoft.Authorization/roleAssignments')
        .map((assignment) =>
          z
            .object({ roleDefinitionId: z.string(), principalId: z.string() })
            .passthrough()
            .parse(assignment.properties),
        )
        .filter((assignment) => /userAssignedIdentities.*principalId/.test(assignment.principalId))
        .map((assignment) => /'([0-9a-f-]{36})'\)\]$/.exec(assignment.roleDefinitionId)?.[1]);
      assert.ok(roles.includes('ba92f5b4-2d11-453d-a403-e96b0029c9fe'), 'Storage Blob Data Contributor');
      assert.ok(roles.includes('0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'), 'Storage Table Data Contributor');
      assert.ok(roles.includes('4633458b-17de-408a-b874-0445c86b69e6'), 'Key Vault Secrets User');
    });

    it('keep storage and Key Vault locked down and send logs to Application Insights', function () {
      const storage = z
        .object({
          minimumTlsVersion: z.literal('TLS1_2'),
          supportsHttpsTrafficOnly: z.literal(true),
          allowBlobPublicAccess: z.literal(false),
        })
        .passthrough();
      storage.parse(resource(main, 'Microsoft.Storage/storageAccounts').properties);
      z.object({ enableRbacAuthorization: z.literal(true), enablePurgeProtection: z.literal(true) })
        .passthrough()
        .parse(resource(main, 'Microsoft.KeyVault/vaults').properties);
      resource(main, 'Microsoft.Insights/components');
      const diagnostics = JSON.stringify(resource(main, 'Microsoft.Insights/diagnosticSettings').properties);
      assert.match(diagnostics, /AppServiceConsoleLogs/);
    });
  });

  describe('when the app settings are built for each combination the template offers', function () {
    const combinations = offeredCombinations();

    it('offers every directory, SMS and bot-auth mode', function () {
      assert.equal(combinations.length, 3 * 2 * 2);
    });

    it('takes every secret from Key Vault', function () {
      for (const combination of combinations) {
        for (const group of groupsFor(combination)) {
          for (const [key, value] of Object.entries(group.settings)) {
            if (key === 'APPLICATIONINSIGHTS_CONNECTION_STRING' || !SECRET_SETTING.test(key)) continue;
            assert.ok(
              value.includes(KEY_VAULT_REFERENCE),
              `${key} in ${group.name} is not a Key Vault reference`,
            );
          }
        }
      }
    });

    it('sets every key that production requires whatever the mode (derived from loadConfig)', function () {
      const required = configProblems({ NODE_ENV: 'production' }).map(settingKey);
      assert.ok(required.length > 0, 'production requires nothing?');
      for (const combination of combinations) {
        const keys = new Set(groupsFor(combination).flatMap((group) => Object.keys(group.settings)));
        // A key may also be satisfied by another one (ALLOWED_TENANT_IDS by MicrosoftAppTenantId).
        const stillMissing = new Set(configProblems(sampleEnv(groupsFor(combination))).map(settingKey));
        for (const key of required) {
          assert.ok(
            keys.has(key) || !stillMissing.has(key),
            `${key} missing for ${JSON.stringify(combination)}`,
          );
        }
      }
    });

    for (const combination of combinations) {
      const label = Object.values(combination).join(' + ');
      describe(label, function () {
        const groups = groupsFor(combination);
        const pending = groups.filter((group) => pendingMode(group) !== undefined);
        const pendingKeys = new Set(pending.flatMap((group) => Object.keys(group.settings)));
        const env = () => sampleEnv(groups);

        it('sets only settings the config schema knows (or App Service and the Azure SDKs read)', function () {
          const known = new Set(Object.keys(settingsSchema.shape));
          const unknown = Object.keys(env()).filter(
            (key) => !known.has(key) && !PLATFORM_SETTINGS.has(key) && !pendingKeys.has(key),
          );
          assert.deepEqual(unknown, []);
        });

        it('passes loadConfig in production, apart from modes the schema does not offer yet', function () {
          const problems = configProblems(env()).filter((problem) => !pendingKeys.has(settingKey(problem)));
          assert.deepEqual(problems, []);
        });

        const modes = pending.map(pendingMode).join(', ');
        it(`passes loadConfig in production${modes ? ` (runs once the schema offers ${modes})` : ''}`, function () {
          // Another issue adds the pending mode to the schema; then this runs and names what is missing.
          if (pending.length > 0) this.skip();
          assert.equal(loadConfig(env()).production, true);
        });
      });
    }
  });
});

const SECRET_NAME = /password|secret|token|key|connectionString|headers/i;
const SECRET_VALUE = [
  /AccountKey=|SharedAccessSignature=|[?&]sig=|-----BEGIN|Bearer\s|password=|secret=/i,
  /eyJ[A-Za-z0-9_-]{10,}\./, // a JWT
];

function assertNoSecrets(file: ParameterFile & { name: string }): void {
  for (const [key, { value }] of Object.entries(file.parameters)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (SECRET_NAME.test(key))
      assert.equal(text, '', `${file.name}: ${key} looks like a secret; use Key Vault`);
    for (const pattern of SECRET_VALUE) assert.doesNotMatch(text, pattern, `${file.name}: ${key}`);
    // Long random-looking tokens (keys, passwords); GUIDs, URLs, DNs and paths have other characters.
    const token =
      /^[A-Za-z0-9+/=_-]{20,}$/.test(text) && /\d/.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
    assert.ok(!token, `${file.name}: ${key} looks like a key or password`);
  }
}
