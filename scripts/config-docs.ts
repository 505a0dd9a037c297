import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { configTableMarkdown, envExample } from '../src/config/docs';

export const ROOT = path.resolve(__dirname, '../..');
export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

/** The README with its configuration table replaced by the one generated from the schema. */
export function readmeWithTable(readme: string): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${TABLE_START} … ${TABLE_END} markers`);
  return `${readme.slice(0, start + TABLE_START.length)}\n${configTableMarkdown()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const readmePath = path.join(ROOT, 'README.md');
  writeFileSync(readmePath, readmeWithTable(readFileSync(readmePath, 'utf8')));
  writeFileSync(path.join(ROOT, '.env.example'), envExample());
  process.stdout.write(
    'README.md configuration table and .env.example regenerated from src/config/schema.ts\n',
  );
}
