/** One line of the doctor's checklist. `warn` does not fail the run: something could not be verified or is weak. */
export interface CheckResult {
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'warn';
  readonly detail?: string;
  /** What to change, for a failure or a warning. */
  readonly fix?: string;
}

export const pass = (title: string, detail?: string): CheckResult => ({
  title,
  status: 'pass',
  ...(detail !== undefined ? { detail } : {}),
});

export const fail = (title: string, detail: string, fix: string): CheckResult => ({
  title,
  status: 'fail',
  detail,
  fix,
});

export const warn = (title: string, detail: string, fix?: string): CheckResult => ({
  title,
  status: 'warn',
  detail,
  ...(fix !== undefined ? { fix } : {}),
});

const MARK = { pass: '✓', fail: '✗', warn: '!' } as const;

/** A readable checklist: one mark and title per check, the detail and fix indented under it. */
export function formatChecklist(
  sections: readonly { heading: string; results: readonly CheckResult[] }[],
): string {
  const lines: string[] = [];
  for (const section of sections) {
    lines.push(section.heading);
    for (const result of section.results) {
      lines.push(`  ${MARK[result.status]} ${result.title}${result.detail ? `: ${result.detail}` : ''}`);
      if (result.fix) lines.push(`      → ${result.fix}`);
    }
    lines.push('');
  }
  const all = sections.flatMap((section) => section.results);
  const failed = all.filter((result) => result.status === 'fail').length;
  const warned = all.filter((result) => result.status === 'warn').length;
  lines.push(
    failed === 0
      ? `All ${all.length} checks passed${warned > 0 ? ` (${warned} with a warning)` : ''}.`
      : `${failed} of ${all.length} checks failed.`,
  );
  return lines.join('\n');
}

export function exitCodeOf(results: readonly CheckResult[]): 0 | 1 {
  return results.some((result) => result.status === 'fail') ? 1 : 0;
}
