import type { ZodTypeAny } from 'zod';
import { settingsSchema } from './schema';

export interface SettingDoc {
  readonly key: string;
  readonly defaultValue?: string;
  readonly allowed?: readonly string[];
  readonly description: string;
}

/** Each setting with its default, allowed values and description, read from the zod schema itself. */
export function settingDocs(): SettingDoc[] {
  return Object.entries(settingsSchema.shape).map(([key, schema]) => {
    const described = schema as ZodTypeAny;
    const defaultValue = findDefault(described);
    const allowed = findEnum(described);
    return {
      key,
      description: described.description ?? '',
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(allowed ? { allowed } : {}),
    };
  });
}

export function configTableMarkdown(): string {
  const rows = settingDocs().map((doc) => {
    const values = doc.allowed ? doc.allowed.map((value) => `\`${value}\``).join(', ') : '';
    const fallback = doc.defaultValue !== undefined ? `\`${doc.defaultValue}\`` : '';
    return `| \`${doc.key}\` | ${fallback} | ${values} | ${doc.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Setting | Default | Values | What it does |', '|---|---|---|---|', ...rows].join('\n');
}

export function envExample(): string {
  const lines = [
    '# Reset Assistant settings. Generated from src/config/schema.ts by `npm run config:docs`.',
    '# With nothing set, the bot runs in demo mode. Copy to .env (never commit it) or set in the host.',
    '',
  ];
  for (const doc of settingDocs()) {
    lines.push(`# ${doc.description}${doc.allowed ? ` (${doc.allowed.join(' | ')})` : ''}`);
    lines.push(`# ${doc.key}=${doc.defaultValue ?? ''}`, '');
  }
  return lines.join('\n');
}

function findDefault(schema: ZodTypeAny): string | undefined {
  let current: ZodTypeAny | undefined = schema;
  while (current) {
    const def = current._def as { defaultValue?: () => unknown; innerType?: ZodTypeAny; schema?: ZodTypeAny };
    if (typeof def.defaultValue === 'function') return String(def.defaultValue());
    current = def.innerType ?? def.schema;
  }
  return undefined;
}

function findEnum(schema: ZodTypeAny): readonly string[] | undefined {
  let current: ZodTypeAny | undefined = schema;
  while (current) {
    const def = current._def as { values?: readonly string[]; innerType?: ZodTypeAny; schema?: ZodTypeAny };
    if (Array.isArray(def.values)) return def.values as readonly string[];
    current = def.innerType ?? def.schema;
  }
  return undefined;
}
