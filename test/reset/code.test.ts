import assert from 'node:assert/strict';
import type { CodeRecord } from '../../src/reset/case';
import { CodeIssuer, normaliseCodeInput } from '../../src/reset/code';
import { minutes, seconds } from '../support/fakeClock';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';
const POLICY = { ttlMs: minutes(10), maxWrongAttempts: 3 };
const ISSUED_AT = new Date('2025-03-10T08:00:00.000Z');

function later(ms: number): Date {
  return new Date(ISSUED_AT.getTime() + ms);
}

/** A six-digit code that is not `code`. */
function otherThan(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

function withWrongAttempts(record: CodeRecord, wrongAttempts: number): CodeRecord {
  return { ...record, wrongAttempts };
}

/** Pearson's chi-square statistic of counts against a uniform expectation. */
function chiSquare(counts: readonly number[]): number {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const expected = total / counts.length;
  return counts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
}

describe('CodeIssuer', () => {
  const issuer = new CodeIssuer(SECRET, POLICY);

  describe('when codes are issued', () => {
    let codes: string[] = [];

    before(() => {
      codes = Array.from({ length: 10_000 }, () => issuer.issue('case-1', ISSUED_AT).code);
    });

    it('gives exactly six ASCII digits every time', () => {
      const malformed = codes.filter((code) => !/^[0-9]{6}$/.test(code));

      assert.deepEqual(malformed, []);
    });

    it('includes codes with leading zeros (the whole range 000000–999999 is used)', () => {
      const leadingZero = codes.filter((code) => code.startsWith('0')).length;

      // 10 % expected; 5 % would already be absurdly unlikely for a uniform source.
      assert.ok(leadingZero > 500, `only ${leadingZero} of 10 000 codes start with 0`);
    });

    it('spreads every digit position evenly over 0–9', () => {
      for (let position = 0; position < 6; position++) {
        const counts = Array.from({ length: 10 }, () => 0);
        for (const code of codes) counts[Number(code[position])]! += 1;

        // χ² with 9 degrees of freedom: 50 is exceeded by chance about once in ten million runs.
        const statistic = chiSquare(counts);
        assert.ok(
          statistic < 50,
          `position ${position}: χ² = ${statistic.toFixed(1)} for ${counts.join(',')}`,
        );
      }
    });

    it('rarely repeats a code', () => {
      // 10 000 draws from a million: about 50 collisions expected, a broken source gives thousands.
      assert.ok(new Set(codes).size > 9_800, `${new Set(codes).size} distinct codes`);
    });
  });

  describe('when a code is stored', () => {
    it('keeps only a keyed hash, never the code', () => {
      const { code, record } = issuer.issue('case-1', ISSUED_AT);

      assert.ok(!JSON.stringify(record).includes(code), JSON.stringify(record));
      assert.match(record.hash, /^[0-9a-f]{64}$/);
    });

    it('starts unused, with no wrong attempts, valid for the policy’s ten minutes', () => {
      const { record } = issuer.issue('case-1', ISSUED_AT);

      assert.deepEqual(record, {
        id: record.id,
        hash: record.hash,
        issuedAt: '2025-03-10T08:00:00.000Z',
        expiresAt: '2025-03-10T08:10:00.000Z',
        wrongAttempts: 0,
        consumed: false,
      });
    });

    it('hashes the same code differently under another secret', () => {
      const { code, record } = issuer.issue('case-1', ISSUED_AT);
      const otherDeployment = new CodeIssuer('another-secret-that-is-also-32-characters-long', POLICY);

      assert.equal(otherDeployment.check('case-1', record, code, ISSUED_AT), 'wrong');
    });
  });

  describe('when a code is checked', () => {
    const { code, record } = issuer.issue('case-1', ISSUED_AT);

    it('accepts the code that was issued', () => {
      assert.equal(issuer.check('case-1', record, code, later(seconds(30))), 'valid');
    });

    it('refuses another code as wrong', () => {
      assert.equal(issuer.check('case-1', record, otherThan(code), later(seconds(30))), 'wrong');
    });

    it('still accepts the code at the last moment of its ten minutes', () => {
      assert.equal(issuer.check('case-1', record, code, later(minutes(10))), 'valid');
    });

    it('calls the code expired once its ten minutes are over', () => {
      assert.equal(issuer.check('case-1', record, code, later(minutes(10) + 1)), 'expired');
    });

    it('calls the code exhausted after three wrong attempts, even the right one', () => {
      assert.equal(issuer.check('case-1', withWrongAttempts(record, 2), code, ISSUED_AT), 'valid');
      assert.equal(issuer.check('case-1', withWrongAttempts(record, 3), code, ISSUED_AT), 'exhausted');
    });

    it('calls a used code consumed', () => {
      assert.equal(issuer.check('case-1', { ...record, consumed: true }, code, ISSUED_AT), 'consumed');
    });

    it('answers none when no code was issued', () => {
      assert.equal(issuer.check('case-1', undefined, code, ISSUED_AT), 'none');
    });

    it('does not change the record (the caller records the attempt)', () => {
      const before = JSON.stringify(record);

      issuer.check('case-1', record, otherThan(code), ISSUED_AT);

      assert.equal(JSON.stringify(record), before);
    });
  });

  describe('when a record from one case is presented under another', () => {
    it('refuses the code, because the hash is bound to the case id', () => {
      const fromCaseA = issuer.issue('case-A', ISSUED_AT);

      assert.equal(issuer.check('case-A', fromCaseA.record, fromCaseA.code, ISSUED_AT), 'valid');
      assert.equal(issuer.check('case-B', fromCaseA.record, fromCaseA.code, ISSUED_AT), 'wrong');
    });
  });

  describe('attemptsLeft', () => {
    const { record } = issuer.issue('case-1', ISSUED_AT);

    it('counts down from three and stops at zero', () => {
      const left = [0, 1, 2, 3, 4].map((wrong) => issuer.attemptsLeft(withWrongAttempts(record, wrong)));

      assert.deepEqual(left, [3, 2, 1, 0, 0]);
    });
  });
});

describe('normaliseCodeInput', () => {
  const table: readonly { typed: string; expected: string | undefined; why: string }[] = [
    { typed: '123456', expected: '123456', why: 'six digits' },
    { typed: '012345', expected: '012345', why: 'a leading zero is kept' },
    { typed: ' 123 456 ', expected: '123456', why: 'spaces around and between' },
    { typed: '123-456', expected: '123456', why: 'a dash between groups' },
    { typed: '12345', expected: undefined, why: 'five digits' },
    { typed: '1234567', expected: undefined, why: 'seven digits' },
    { typed: '12a456', expected: undefined, why: 'a letter' },
    { typed: '١٢٣٤٥٦', expected: undefined, why: 'Arabic-Indic digits' },
    { typed: '１２３４５６', expected: undefined, why: 'full-width digits' },
    { typed: '', expected: undefined, why: 'nothing' },
    { typed: '   ', expected: undefined, why: 'only spaces' },
    { typed: '123.456', expected: undefined, why: 'a dot' },
  ];

  for (const { typed, expected, why } of table) {
    describe(`when the user types ${JSON.stringify(typed)} (${why})`, () => {
      it(expected === undefined ? 'refuses it' : `reads ${expected}`, () => {
        assert.equal(normaliseCodeInput(typed), expected);
      });
    });
  }
});
