/**
 * Builds the Teams app package: fills the ids and the domain into manifest/manifest.json and zips it
 * with the localization files and icons, all at the zip root (where Teams looks for them).
 *
 *   TEAMS_APP_ID=<guid> MicrosoftAppId=<guid> BOT_DOMAIN=<host> npm run package
 *
 * Packaging inputs are not runtime settings of the bot, so they are read here with their own schema.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import { z } from 'zod';

const root = path.resolve(__dirname, '..', '..');
export const MANIFEST_DIR = path.join(root, 'manifest');
export const PACKAGE_FILES = ['manifest.json', 'sv.json', 'en.json', 'color.png', 'outline.png'] as const;
const HELPDESK_TAB_ENTITY = 'helpdesk';

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );
const httpsUrl = z
  .string()
  .trim()
  .url()
  .refine((value) => value.startsWith('https://'), 'must be an https:// URL');

export const packageInputSchema = z.object({
  TEAMS_APP_ID: guid.describe('Stable id of the Teams app; generate once (uuidgen) and keep it.'),
  MicrosoftAppId: guid.describe('Bot id: the app (client) id of the Azure Bot registration.'),
  BOT_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
      'host name only, e.g. reset-assistant.azurewebsites.net (no https://, no path)',
    )
    .describe('Host the bot is served from; the service-desk tab and SSO use it.'),
  TEAMS_SSO_APP_ID: optional(guid).describe(
    'Entra app registration used for Teams SSO in the service-desk tab; defaults to MicrosoftAppId.',
  ),
  TEAMS_APP_VERSION: optional(
    z
      .string()
      .trim()
      .regex(/^\d+\.\d+\.\d+$/, 'must look like 1.2.3'),
  ).describe('App version shown in Teams; defaults to package.json. Raise it for every upload.'),
  TEAMS_DEVELOPER_NAME: optional(z.string().trim().min(1).max(32)).describe(
    'Publisher shown in Teams; defaults to ORG_NAME, then "Kommunen".',
  ),
  ORG_NAME: optional(z.string().trim().min(1).max(32)),
  TEAMS_WEBSITE_URL: optional(httpsUrl),
  TEAMS_PRIVACY_URL: optional(httpsUrl),
  TEAMS_TERMS_URL: optional(httpsUrl),
  TEAMS_HELPDESK_TAB: z
    .enum(['true', 'false'])
    .default('true')
    .describe('`false` leaves out the service-desk tab (employees then only see the chat).'),
  APP_PACKAGE_FILE: optional(z.string().trim()).describe('Where to write the zip; appPackage.zip.'),
});

export interface PackageInputs {
  readonly appId: string;
  readonly botId: string;
  readonly domain: string;
  readonly ssoAppId: string;
  readonly version: string;
  readonly developerName: string;
  readonly websiteUrl: string;
  readonly privacyUrl: string;
  readonly termsOfUseUrl: string;
  readonly helpdeskTab: boolean;
}

export class PackageInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cannot build the Teams app package:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'PackageInputError';
  }
}

/** Every problem at once, so the operator fixes them in one go. */
export function readPackageInputs(
  env: Readonly<Record<string, string | undefined>>,
  defaultVersion: string,
): PackageInputs {
  const parsed = packageInputSchema.safeParse(env);
  if (!parsed.success) {
    throw new PackageInputError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const input = parsed.data;
  const site = `https://${input.BOT_DOMAIN}/`;
  return {
    appId: input.TEAMS_APP_ID.toLowerCase(),
    botId: input.MicrosoftAppId.toLowerCase(),
    domain: input.BOT_DOMAIN,
    ssoAppId: (input.TEAMS_SSO_APP_ID ?? input.MicrosoftAppId).toLowerCase(),
    version: input.TEAMS_APP_VERSION ?? defaultVersion,
    developerName: input.TEAMS_DEVELOPER_NAME ?? input.ORG_NAME ?? 'Kommunen',
    websiteUrl: input.TEAMS_WEBSITE_URL ?? site,
    privacyUrl: input.TEAMS_PRIVACY_URL ?? site,
    termsOfUseUrl: input.TEAMS_TERMS_URL ?? site,
    helpdeskTab: input.TEAMS_HELPDESK_TAB === 'true',
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** Replaces `{{name}}` in every string value; working on parsed JSON keeps the escaping right. */
export function fillPlaceholders(value: Json, values: Readonly<Record<string, string>>): Json {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
      const replacement = values[name];
      if (replacement === undefined) throw new Error(`manifest placeholder ${whole} has no value`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillPlaceholders(item, values));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, fillPlaceholders(inner, values)]),
    );
  }
  return value;
}

const manifestShape = z
  .object({
    staticTabs: z.array(z.object({ entityId: z.string() }).passthrough()).optional(),
  })
  .passthrough();

/** Drops the service-desk tab from the manifest and its name from a localization file. */
function withoutHelpdeskTab(manifest: Json, localizations: Record<string, Json>): void {
  const parsed = manifestShape.parse(manifest);
  const index = parsed.staticTabs?.findIndex((tab) => tab.entityId === HELPDESK_TAB_ENTITY) ?? -1;
  if (index < 0 || !parsed.staticTabs) return;
  // The conversations tab alone only restates the default; without custom tabs Teams shows the chat.
  const remaining = parsed.staticTabs.filter((tab) => tab.entityId !== HELPDESK_TAB_ENTITY);
  const target = manifest as Record<string, Json>;
  if (remaining.every((tab) => tab.entityId === 'conversations')) delete target['staticTabs'];
  else target['staticTabs'] = remaining as Json;
  for (const strings of Object.values(localizations)) {
    delete (strings as Record<string, Json>)[`staticTabs[${index}].name`];
  }
}

export interface AppPackage {
  /** File name → content, exactly what goes into the zip. */
  readonly files: Readonly<Record<string, Buffer>>;
  readonly zip: Buffer;
}

export async function buildAppPackage(
  inputs: PackageInputs,
  manifestDir = MANIFEST_DIR,
): Promise<AppPackage> {
  const values: Record<string, string> = {
    appId: inputs.appId,
    botId: inputs.botId,
    domain: inputs.domain,
    ssoAppId: inputs.ssoAppId,
    version: inputs.version,
    developerName: inputs.developerName,
    websiteUrl: inputs.websiteUrl,
    privacyUrl: inputs.privacyUrl,
    termsOfUseUrl: inputs.termsOfUseUrl,
  };
  const readJson = async (name: string) =>
    JSON.parse(await readFile(path.join(manifestDir, name), 'utf8')) as Json;
  const manifest = fillPlaceholders(await readJson('manifest.json'), values);
  const localizations: Record<string, Json> = {
    'sv.json': fillPlaceholders(await readJson('sv.json'), values),
    'en.json': fillPlaceholders(await readJson('en.json'), values),
  };
  if (!inputs.helpdeskTab) withoutHelpdeskTab(manifest, localizations);

  const files: Record<string, Buffer> = {
    'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`),
    ...Object.fromEntries(
      Object.entries(localizations).map(([name, json]) => [
        name,
        Buffer.from(`${JSON.stringify(json, null, 2)}\n`),
      ]),
    ),
    'color.png': await readFile(path.join(manifestDir, 'color.png')),
    'outline.png': await readFile(path.join(manifestDir, 'outline.png')),
  };
  const zip = new JSZip();
  // A fixed date makes the same inputs give the same bytes.
  const date = new Date('2026-01-01T00:00:00Z');
  for (const name of PACKAGE_FILES) {
    const content = files[name];
    if (!content) throw new Error(`package file ${name} is missing`);
    zip.file(name, content, { date });
  }
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  return { files, zip: bytes };
}

async function main(): Promise<void> {
  const packageJson = z
    .object({ version: z.string() })
    .parse(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')));
  const inputs = readPackageInputs(process.env, packageJson.version);
  const out = path.resolve(root, process.env['APP_PACKAGE_FILE']?.trim() || 'appPackage.zip');
  const built = await buildAppPackage(inputs);
  await writeFile(out, built.zip);
  process.stdout.write(
    `${path.relative(process.cwd(), out) || out} written: Teams app ${inputs.appId} v${inputs.version}, ` +
      `bot ${inputs.botId}, https://${inputs.domain}/\n` +
      'Upload it in Teams admin center → Teams apps → Manage apps → Upload new app.\n',
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
