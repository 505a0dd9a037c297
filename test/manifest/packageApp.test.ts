import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import JSZip from 'jszip';
import { z } from 'zod';
import {
  buildAppPackage,
  PACKAGE_FILES,
  PackageInputError,
  readPackageInputs,
  type PackageInputs,
} from '../../scripts/package-app';
import { decodePng } from './png';

const root = path.resolve(__dirname, '..', '..', '..');
const schemaDir = path.join(root, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas');

const sample = {
  TEAMS_APP_ID: '0f6a3b1e-2c4d-4e5f-8a9b-0c1d2e3f4a5b',
  MicrosoftAppId: '7d9e8f70-1a2b-4c3d-9e8f-a0b1c2d3e4f5',
  BOT_DOMAIN: 'reset-assistant.azurewebsites.net',
};

const manifestSchema = z
  .object({
    $schema: z.string(),
    id: z.string(),
    version: z.string(),
    bots: z.array(
      z.object({
        botId: z.string(),
        scopes: z.array(z.string()),
        commandLists: z.array(
          z.object({ scopes: z.array(z.string()), commands: z.array(z.object({ title: z.string() })) }),
        ),
      }),
    ),
    staticTabs: z
      .array(
        z.object({ entityId: z.string(), contentUrl: z.string().optional(), scopes: z.array(z.string()) }),
      )
      .optional(),
    validDomains: z.array(z.string()),
    webApplicationInfo: z.object({ id: z.string(), resource: z.string() }),
    icons: z.object({ color: z.string(), outline: z.string() }),
    localizationInfo: z.object({
      defaultLanguageTag: z.string(),
      defaultLanguageFile: z.string(),
      additionalLanguages: z.array(z.object({ languageTag: z.string(), file: z.string() })),
    }),
  })
  .passthrough();

/** The bundled schema for a `$schema` URL: loading it ourselves guarantees the check never goes online. */
async function bundledSchema(url: string): Promise<AppManifestSchema> {
  const match = /^https:\/\/developer\.microsoft\.com\/json-schemas\/(teams\/v[\d.]+\/[\w.]+\.json)$/.exec(
    url,
  );
  assert.ok(match?.[1], `unexpected $schema ${url}`);
  const schema = JSON.parse(await readFile(path.join(schemaDir, match[1]), 'utf8')) as AppManifestSchema;
  return withUnicodeSafePatterns(schema);
}

/**
 * The localization schemas (every version) have keys like `activityTypes\[\b(…)\b]` whose lone `]`
 * is a literal in plain regexes but a syntax error in the unicode regexes ajv compiles, so the library
 * cannot compile them as shipped. Escaping that `]` keeps the meaning and lets the real validator run.
 */
function withUnicodeSafePatterns(schema: AppManifestSchema): AppManifestSchema {
  const patterns = (schema as { patternProperties?: Record<string, unknown> }).patternProperties;
  if (!patterns) return schema;
  const escaped = Object.fromEntries(
    Object.entries(patterns).map(([pattern, rule]) => [pattern.replace(/\\b\]/g, '\\b\\]'), rule]),
  );
  return { ...schema, patternProperties: escaped } as AppManifestSchema;
}
type AppManifestSchema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

async function validate(json: unknown): Promise<string[]> {
  const { $schema } = z.object({ $schema: z.string() }).parse(json);
  return AppManifestUtils.validateAgainstSchema(json as AppManifest, await bundledSchema($schema));
}

function parseJson(files: Readonly<Record<string, Buffer>>, name: string): unknown {
  const file = files[name];
  assert.ok(file, `${name} missing`);
  return JSON.parse(file.toString('utf8'));
}

/** Localization keys like `bots[0].commandLists[0].commands[1].title` must name a string in the manifest. */
function valueAt(manifest: unknown, key: string): unknown {
  let current: unknown = manifest;
  for (const part of key.split('.')) {
    const [, name, index] = /^(\w+)(?:\[(\d+)\])?$/.exec(part) ?? [];
    if (name === undefined || current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[name];
    if (index !== undefined)
      current = Array.isArray(current) ? (current[Number(index)] as unknown) : undefined;
  }
  return current;
}

describe('Teams app package (scripts/package-app)', function () {
  let inputs: PackageInputs;
  let dir: string;
  let zipped: Record<string, Buffer>;

  before(async function () {
    inputs = readPackageInputs(sample, '1.4.0');
    dir = await mkdtemp(path.join(tmpdir(), 'app-package-'));
    const built = await buildAppPackage(inputs);
    await writeFile(path.join(dir, 'appPackage.zip'), built.zip);
    const zip = await JSZip.loadAsync(await readFile(path.join(dir, 'appPackage.zip')));
    zipped = {};
    for (const entry of Object.values(zip.files)) zipped[entry.name] = await entry.async('nodebuffer');
  });

  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  describe('when built with sample ids and domain', function () {
    it('has exactly the manifest, both localization files and both icons at the zip root', function () {
      assert.deepEqual(Object.keys(zipped).sort(), [...PACKAGE_FILES].sort());
    });

    it('validates against the bundled manifest schema, offline', async function () {
      assert.deepEqual(await validate(parseJson(zipped, 'manifest.json')), []);
    });

    it('validates both localization files against the bundled localization schema', async function () {
      for (const name of ['sv.json', 'en.json']) {
        assert.deepEqual(await validate(parseJson(zipped, name)), [], name);
      }
    });

    it('fills in the app id, bot id, domain and version, leaving no placeholder', function () {
      const text = zipped['manifest.json']!.toString('utf8');
      assert.doesNotMatch(text, /\{\{/);
      const manifest = manifestSchema.parse(JSON.parse(text));
      assert.equal(manifest.id, sample.TEAMS_APP_ID);
      assert.equal(manifest.version, '1.4.0');
      assert.equal(manifest.bots[0]?.botId, sample.MicrosoftAppId);
      assert.deepEqual(manifest.validDomains, [sample.BOT_DOMAIN]);
      assert.deepEqual(manifest.webApplicationInfo, {
        id: sample.MicrosoftAppId,
        resource: `api://${sample.BOT_DOMAIN}/${sample.MicrosoftAppId}`,
      });
      const helpdesk = manifest.staticTabs?.find((tab) => tab.entityId === 'helpdesk');
      assert.equal(helpdesk?.contentUrl, `https://${sample.BOT_DOMAIN}/helpdesk`);
    });

    it('offers the bot in personal and team scope with the Swedish commands', function () {
      const manifest = manifestSchema.parse(parseJson(zipped, 'manifest.json'));
      const bot = manifest.bots[0]!;
      assert.deepEqual(bot.scopes, ['personal', 'team']);
      const personal = bot.commandLists.find((list) => list.scopes.includes('personal'));
      assert.deepEqual(
        personal?.commands.map((command) => command.title),
        ['Återställ lösenord', 'Lås upp konto', 'Hjälp'],
      );
    });

    it('is Swedish by default with an English translation of every localized string', function () {
      const manifest = manifestSchema.parse(parseJson(zipped, 'manifest.json'));
      assert.equal(manifest.localizationInfo.defaultLanguageTag, 'sv');
      assert.deepEqual(manifest.localizationInfo.additionalLanguages, [
        { languageTag: 'en', file: 'en.json' },
      ]);
      const sv = z.record(z.string()).parse(parseJson(zipped, 'sv.json'));
      const en = z.record(z.string()).parse(parseJson(zipped, 'en.json'));
      assert.deepEqual(Object.keys(en).sort(), Object.keys(sv).sort());
      const raw = parseJson(zipped, 'manifest.json');
      for (const key of Object.keys(sv).filter((name) => name !== '$schema')) {
        assert.equal(typeof valueAt(raw, key), 'string', `${key} names nothing in the manifest`);
        assert.equal(sv[key], valueAt(raw, key), `sv.json ${key} differs from the manifest`);
      }
      assert.equal(en['bots[0].commandLists[0].commands[2].title'], 'Help');
    });

    it('has a 192×192 opaque colour icon', function () {
      const color = decodePng(zipped['color.png']!);
      assert.deepEqual([color.width, color.height], [192, 192]);
      for (let i = 3; i < color.rgba.length; i += 4)
        assert.equal(color.rgba[i], 255, 'colour icon pixel not opaque');
    });

    it('has a 32×32 outline icon that is white on a transparent background', function () {
      const outline = decodePng(zipped['outline.png']!);
      assert.deepEqual([outline.width, outline.height, outline.colorType], [32, 32, 6]);
      let drawn = 0;
      let transparent = 0;
      for (let i = 0; i < outline.rgba.length; i += 4) {
        const [r, g, b, a] = [...outline.rgba.subarray(i, i + 4)] as [number, number, number, number];
        if (a === 0) transparent++;
        else {
          drawn++;
          assert.ok(r >= 240 && g >= 240 && b >= 240, `outline pixel ${i / 4} is not white (${r},${g},${b})`);
        }
      }
      assert.equal(outline.rgba[3], 0, 'the corner is not transparent');
      assert.ok(drawn > 50 && transparent > 500, `drawn ${drawn}, transparent ${transparent}`);
    });
  });

  describe('when the service-desk tab is turned off', function () {
    it('leaves the tab and its translations out and still validates', async function () {
      const built = await buildAppPackage({ ...inputs, helpdeskTab: false });
      const manifest = parseJson(built.files, 'manifest.json');
      assert.equal(manifestSchema.parse(manifest).staticTabs, undefined);
      assert.deepEqual(await validate(manifest), []);
      for (const name of ['sv.json', 'en.json']) {
        const strings = z.record(z.string()).parse(parseJson(built.files, name));
        assert.equal(strings['staticTabs[1].name'], undefined);
        assert.deepEqual(await validate(strings), [], name);
      }
    });
  });

  describe('when a manifest or localization file breaks the schema', function () {
    it('the validator reports it (so the checks above can fail)', async function () {
      const manifest = parseJson(zipped, 'manifest.json') as Record<string, unknown>;
      assert.notDeepEqual(await validate({ ...manifest, accentColor: 'blue', icons: {} }), []);
      const sv = parseJson(zipped, 'sv.json') as Record<string, unknown>;
      assert.notDeepEqual(await validate({ ...sv, 'name.short': 'x'.repeat(31) }), []);
    });
  });

  describe('when inputs are missing or malformed', function () {
    it('names every problem at once', function () {
      assert.throws(
        () =>
          readPackageInputs(
            { MicrosoftAppId: 'not-a-guid', BOT_DOMAIN: 'https://bot.example.se/x' },
            '1.0.0',
          ),
        (error: unknown) => {
          assert.ok(error instanceof PackageInputError);
          assert.deepEqual(
            error.problems.map((problem) => problem.split(':')[0]),
            ['TEAMS_APP_ID', 'MicrosoftAppId', 'BOT_DOMAIN'],
          );
          return true;
        },
      );
    });

    it('uses a separate SSO app and publisher when given', function () {
      const sso = '11111111-2222-4333-8444-555555555555';
      const read = readPackageInputs(
        { ...sample, TEAMS_SSO_APP_ID: sso, ORG_NAME: 'Exempelby kommun' },
        '1.0.0',
      );
      assert.equal(read.ssoAppId, sso);
      assert.equal(read.developerName, 'Exempelby kommun');
    });
  });
});
