import type { CaseRecord } from '../reset/case';
import { choiceLabels, outcomeLabels, outcomeOf } from './labels';
import { formatDateTime } from './stockholmTime';
import { typedNameShown } from './typedName';

const COLUMNS: readonly [string, (record: CaseRecord) => string][] = [
  ['Ärende', (r) => r.id],
  ['Startat', (r) => formatDateTime(r.createdAt)],
  ['Avslutat', (r) => (r.finishedAt !== undefined ? formatDateTime(r.finishedAt) : '')],
  ['Utfall', (r) => outcomeLabels[outcomeOf(r)]],
  ['Konto', (r) => r.account?.username ?? ''],
  ['Namn', (r) => r.account?.displayName ?? ''],
  ['Angivet användarnamn', (r) => typedNameShown(r) ?? ''],
  ['Begärt av', (r) => r.requester.name ?? ''],
  ['Eget konto', (r) => (r.ownAccount === undefined ? '' : r.ownAccount ? 'Ja' : 'Nej')],
  ['Val', (r) => (r.choice !== undefined ? choiceLabels[r.choice] : '')],
  ['SMS skickade', (r) => String(r.codesSent)],
  ['Plattform', (r) => r.platform ?? ''],
  ['Språk', (r) => r.locale],
];

/**
 * The case list for Excel as Swedish installations open it: UTF-8 with a byte-order mark, `;` between
 * fields, CRLF. Cells a spreadsheet would run as a formula are prefixed with `'`.
 */
export function casesToCsv(records: readonly CaseRecord[]): string {
  const lines = [COLUMNS.map(([title]) => cell(title))];
  for (const record of records) lines.push(COLUMNS.map(([, read]) => cell(read(record))));
  return `\uFEFF${lines.map((line) => line.join(';')).join('\r\n')}\r\n`;
}

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
