import type { CaseRecord } from '../reset/case';
import type { CaseListQuery } from '../reset/ports';

export const DEFAULT_CASE_LIMIT = 100;

/**
 * The one definition of which cases a service-desk query matches; every store narrows by time (and
 * outcome, where it can) natively and leaves the text parts to this.
 */
export function matchesCaseQuery(record: CaseRecord, query: CaseListQuery): boolean {
  if (query.since !== undefined && record.createdAt < query.since) return false;
  if (query.until !== undefined && record.createdAt >= query.until) return false;
  if (query.outcome === 'open' && record.outcome !== undefined) return false;
  if (query.outcome !== undefined && query.outcome !== 'open' && record.outcome !== query.outcome) {
    return false;
  }
  if (query.account !== undefined && !contains(accountWords(record), query.account)) return false;
  if (query.text !== undefined) {
    const words = [...accountWords(record), record.id, record.requester.name ?? ''];
    if (!contains(words, query.text)) return false;
  }
  return true;
}

/** Newest first, then by id, so pages are stable. */
export function newestFirst(a: CaseRecord, b: CaseRecord): number {
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

function accountWords(record: CaseRecord): string[] {
  const account = record.account;
  return [
    record.requestedUsername ?? '',
    record.usernameTag ?? '',
    account?.username ?? '',
    account?.upn ?? '',
    account?.displayName ?? '',
  ];
}

function contains(words: readonly string[], needle: string): boolean {
  const wanted = needle.trim().toLocaleLowerCase('sv');
  return wanted === '' || words.some((word) => word.toLocaleLowerCase('sv').includes(wanted));
}
