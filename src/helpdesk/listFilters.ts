import type { CaseOutcome } from '../reset/case';
import type { CaseListQuery } from '../reset/ports';
import { outcomeLabels } from './labels';
import { nextDay, startOfStockholmDay } from './stockholmTime';

/** The filter form as typed (kept for redisplay), what the store is asked, and what was refused. */
export interface ListFilters {
  readonly form: {
    readonly outcome: string;
    readonly from: string;
    readonly to: string;
    readonly account: string;
    readonly q: string;
    readonly before: string;
  };
  readonly query: CaseListQuery;
  readonly problems: readonly string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 100;

/** Reads the list's query string; a bad filter is dropped with a sentence, never an error page. */
export function readListFilters(params: URLSearchParams, limit: number): ListFilters {
  const value = (name: string) => (params.get(name) ?? '').trim().slice(0, MAX_TEXT);
  const form = {
    outcome: value('outcome'),
    from: value('from'),
    to: value('to'),
    account: value('account'),
    q: value('q'),
    before: value('before'),
  };
  const problems: string[] = [];
  let outcome: CaseOutcome | 'open' | undefined;
  if (form.outcome !== '') {
    if (form.outcome in outcomeLabels) outcome = form.outcome as CaseOutcome | 'open';
    else problems.push('Okänt utfall: filtret på utfall användes inte.');
  }
  const fromDay = form.from === '' ? undefined : day(form.from, 'Från', problems);
  const toDay = form.to === '' ? undefined : day(form.to, 'Till', problems);
  if (fromDay !== undefined && toDay !== undefined && fromDay > toDay) {
    problems.push('”Från” är efter ”Till”: inga ärenden kan matcha.');
  }
  const since = fromDay !== undefined ? startOfStockholmDay(fromDay) : undefined;
  // "Till" includes its whole day.
  const until = toDay !== undefined ? startOfStockholmDay(nextDay(toDay)) : undefined;
  let before: string | undefined;
  if (form.before !== '') {
    if (Number.isNaN(Date.parse(form.before))) problems.push('Ogiltig sidmarkör: första sidan visas.');
    else before = new Date(form.before).toISOString();
  }
  const end = [until, before].filter((time): time is string => time !== undefined).sort()[0];
  return {
    form,
    problems,
    query: {
      limit,
      ...(since !== undefined ? { since } : {}),
      ...(end !== undefined ? { until: end } : {}),
      ...(outcome !== undefined ? { outcome } : {}),
      ...(form.account !== '' ? { account: form.account } : {}),
      ...(form.q !== '' ? { text: form.q } : {}),
    },
  };
}

/** `yyyy-mm-dd` of a real calendar day (no 31 February), or a sentence in `problems`. */
function day(text: string, field: string, problems: string[]): string | undefined {
  const parsed = DAY.test(text) ? new Date(`${text}T00:00:00Z`) : undefined;
  if (parsed !== undefined && !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(text)) {
    return text;
  }
  problems.push(`”${field}” är inte ett datum (åååå-mm-dd): det filtret användes inte.`);
  return undefined;
}

/** The same filters as a query string, without the page cursor (for CSV and "clear cursor" links). */
export function filterQueryString(form: ListFilters['form'], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...form, before: '', ...extra })) {
    if (value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
