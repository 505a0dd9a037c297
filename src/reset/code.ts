import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
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

/** Six digits: what the user may type, spaces and dashes between digits tolerated. */
export function normaliseCodeInput(input: string): string | undefined {
  const digits = input.replace(new RegExp(CODE_SEPARATOR.source, 'g'), '');
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** Issues and checks one-time codes; the plain code leaves here only on its way to the SMS. */
export class CodeIssuer {
  constructor(
    private readonly secret: string,
    private readonly policy: CodePolicy,
  ) {}

  issue(caseId: string, now: Date): { code: string; record: CodeRecord } {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    return {
      code,
      record: {
        hash: this.hash(caseId, code),
        issuedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.policy.ttlMs).toISOString(),
        wrongAttempts: 0,
        consumed: false,
      },
    };
  }

  /** Checks without changing anything; the caller records the attempt. */
  check(caseId: string, record: CodeRecord | undefined, input: string, now: Date): CodeCheck {
    if (!record) return 'none';
    if (record.consumed) return 'consumed';
    if (record.wrongAttempts >= this.policy.maxWrongAttempts) return 'exhausted';
    if (now.getTime() > Date.parse(record.expiresAt)) return 'expired';
    const expected = Buffer.from(record.hash, 'hex');
    const actual = Buffer.from(this.hash(caseId, input), 'hex');
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
