import type { CaseAudit } from './caseAudit';
import type { CaseRecord } from './case';
import { codeWrong, verified } from './caseChanges';
import type { CaseLifecycle, StepOutcome } from './caseLifecycle';
import type { CodeIssuer, CodeState } from './code';
import { normaliseCodeInput } from './code';
import type { GuessLimits } from './guessLimits';
import type { Clock } from './ports';
import type { CodeResult } from './results';

export interface CodeCheckingOptions {
  readonly lifecycle: CaseLifecycle;
  readonly trail: CaseAudit;
  readonly codes: CodeIssuer;
  readonly limits: GuessLimits;
  readonly clock: Clock;
}

/**
 * Checking a typed code: three tries per code, and daily allowances across cases (see `GuessLimits`).
 * A code that was never sent counts tries and expires like any other and matches nothing, so the
 * answers are the same whether or not anything stood behind the name.
 */
export class CodeChecking {
  constructor(private readonly options: CodeCheckingOptions) {}

  async verify(caseId: string, typed: string): Promise<CodeResult> {
    return this.options.lifecycle.update(caseId, (record) => this.check(record, typed));
  }

  private async check(record: CaseRecord, typed: string): Promise<StepOutcome<CodeResult>> {
    const { codes, limits, trail, lifecycle } = this.options;
    const input = normaliseCodeInput(typed);
    if (!input) return { result: { kind: 'invalid-format' } };
    if (record.verifiedAt) return { result: { kind: 'verified' } };
    const now = this.options.clock.now();
    const { code } = record;
    const state = codes.state(code, now);
    // A guess at a dead code checks nothing, so it costs no allowance either.
    if (!code || state !== 'live') return { result: deadCode(state) };
    const refused = await limits.take(record, now);
    if (refused) {
      const throttled = trail.event(record, 'throttled', refused);
      return lifecycle.finish(record, 'blocked', { kind: 'too-many-guesses' }, refused, [throttled]);
    }
    const at = now.toISOString();
    if (codes.check(record.id, code, input, now) === 'valid') {
      const next = verified(record, code, at);
      return { record: next, result: { kind: 'verified' }, events: [trail.event(next, 'code-verified')] };
    }
    const next = codeWrong(record, code, at);
    const attemptsLeft = codes.attemptsLeft({ ...code, wrongAttempts: code.wrongAttempts + 1 });
    return {
      record: next,
      result: attemptsLeft > 0 ? { kind: 'wrong', attemptsLeft } : { kind: 'exhausted' },
      events: [trail.event(next, 'code-wrong')],
    };
  }
}

function deadCode(state: CodeState): CodeResult {
  return state === 'expired' ? { kind: 'expired' } : { kind: 'exhausted' };
}
