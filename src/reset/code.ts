import { createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { CodeRecord } from './case';

export interface CodePolicy {
  readonly ttlMs: number;
  readonly maxWrongAttempts: number;
}

export type CodeCheck = 'valid' | 'wrong' | 'expired' | 'exhausted' | 'consumed' | 'none';

/**
 * What may stand between the digits of a typed code. The transcript redaction builds its patterns
 * from this, so every form accepted here is also masked there.
 */
export const CODE_SEPARATOR = /[\s-]/;
const CODE_SEPARATORS = new RegExp(CODE_SEPARATOR.source, 'g');

/** Whether a code can still be guessed at, and if not, why. Tells nothing about whether it was sent. */
export type CodeState = 'live' | Exclude<CodeCheck, 'valid' | 'wrong'>;

/** Six digits: what the user may type, spaces and dashes between digits tolerated. */
export function normaliseCodeInput(input: string): string | undefined {
  const digits = input.replace(CODE_SEPARATORS, '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** Issues and checks one-time codes; the plain code leaves here only on its way to the SMS. */
export class CodeIssuer {
  constructor(
    private readonly secret: string,
    private readonly policy: CodePolicy,
  ) {}

  /** A code whose clock starts now and that nothing matches until `draw` gives it a hash. */
  pending(now: Date): CodeRecord & { readonly id: string } {
    return {
      id: randomUUID(),
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.policy.ttlMs).toISOString(),
      wrongAttempts: 0,
      consumed: false,
    };
  }

  /** Draws the code that is about to be sent: the plain code for the SMS, its hash for the case. */
  draw(caseId: string): { code: string; hash: string } {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    return { code, hash: this.hash(caseId, code) };
  }

  issue(caseId: string, now: Date): { code: string; record: CodeRecord & { readonly hash: string } } {
    const { code, hash } = this.draw(caseId);
    return { code, record: { ...this.pending(now), hash } };
  }

  state(record: CodeRecord | undefined, now: Date): CodeState {
    if (!record) return 'none';
    if (record.consumed) return 'consumed';
    if (record.wrongAttempts >= this.policy.maxWrongAttempts) return 'exhausted';
    if (now.getTime() > Date.parse(record.expiresAt)) return 'expired';
    return 'live';
  }

  /** Checks without changing anything; the caller records the attempt. A code never sent is always wrong. */
  check(caseId: string, record: CodeRecord | undefined, input: string, now: Date): CodeCheck {
    const state = this.state(record, now);
    if (state !== 'live') return state;
    // The hash is computed either way, so a code never sent is not answered measurably faster.
    const actual = Buffer.from(this.hash(caseId, input), 'hex');
    const expected = Buffer.from(record?.hash ?? '', 'hex');
    return expected.length === actual.length && timingSafeEqual(expected, actual) ? 'valid' : 'wrong';
  }

  /**
   * A short keyed fingerprint of a text that must not be kept (a name that matched no account may be a
   * password): equal texts get equal tags, and without the secret nobody can test a guess against one.
   * 32 bits tell names apart for a limit or a service-desk comparison; whoever holds both the secret and
   * the database can test guesses against a tag, as against the code hashes, so nothing more is kept.
   */
  tag(purpose: string, text: string): string {
    return createHmac('sha256', this.secret).update(`tag:${purpose}:${text}`).digest('hex').slice(0, 8);
  }

  attemptsLeft(record: CodeRecord): number {
    return Math.max(0, this.policy.maxWrongAttempts - record.wrongAttempts);
  }

  /** Bound to the case so a hash cannot be replayed into another case. */
  private hash(caseId: string, code: string): string {
    return createHmac('sha256', this.secret).update(`${caseId}:${code}`).digest('hex');
  }
}
