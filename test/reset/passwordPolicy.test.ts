import assert from 'node:assert/strict';
import { checkPassword, type PasswordViolation } from '../../src/reset/passwordPolicy';

const anna = { username: 'anna.svensson', displayName: 'Anna Svensson' };

interface Row {
  readonly why: string;
  readonly password: string;
  /** The repeat field; the same as `password` unless given. */
  readonly repeat?: string;
  readonly expected: readonly PasswordViolation[];
}

function check(row: Row): PasswordViolation[] {
  return checkPassword(row.password, row.repeat ?? row.password, anna);
}

describe('checkPassword', () => {
  describe('when exactly one rule is broken', () => {
    const table: readonly Row[] = [
      { why: 'seven characters', password: 'Kaffe77', expected: ['too-short'] },
      { why: 'no upper-case letter', password: 'vinterkaffe7', expected: ['no-uppercase'] },
      { why: 'no digit', password: 'Vinterkaffe', expected: ['no-digit'] },
      { why: 'an å', password: 'Vinterkåffe7', expected: ['swedish-letters'] },
      { why: 'an ä', password: 'Vinterkäffe7', expected: ['swedish-letters'] },
      { why: 'an Ö', password: 'VinterkÖffe7', expected: ['swedish-letters'] },
      { why: 'an é (Entra refuses any non-ASCII)', password: 'Vinterkaffé7', expected: ['non-ascii'] },
      { why: 'an emoji', password: 'Vinterkaffe7☕', expected: ['non-ascii'] },
      { why: 'a control character', password: 'Vinter\tkaffe7', expected: ['non-ascii'] },
      { why: 'the username', password: 'Xanna.svensson7', expected: ['contains-username'] },
      { why: 'the username in capitals', password: 'ANNA.SVENSSON7', expected: ['contains-username'] },
      { why: 'the surname from the display name', password: 'Svensson2025', expected: ['contains-username'] },
      {
        why: 'a repeat that differs',
        password: 'Vinterkaffe7',
        repeat: 'Vinterkaffe8',
        expected: ['mismatch'],
      },
      { why: 'nothing typed', password: '', repeat: '', expected: ['empty'] },
      { why: '129 characters', password: `Vinterkaffe7${'x'.repeat(117)}`, expected: ['too-long'] },
    ];

    for (const row of table) {
      it(`names ${row.expected.join(', ')} for ${row.why}`, () => {
        assert.deepEqual(check(row), row.expected);
      });
    }
  });

  describe('when several rules are broken at once', () => {
    const table: readonly Row[] = [
      {
        why: 'short, lower case, no digit and a different repeat',
        password: 'kaffe',
        repeat: 'kaffe2',
        expected: ['too-short', 'no-uppercase', 'no-digit', 'mismatch'],
      },
      {
        why: 'the surname alone',
        password: 'svensson',
        expected: ['no-uppercase', 'no-digit', 'contains-username'],
      },
      {
        why: 'a short Swedish word',
        password: 'åsa',
        expected: ['too-short', 'no-uppercase', 'no-digit', 'swedish-letters'],
      },
      {
        why: 'both an å and an é',
        password: 'Vinterkåffé7',
        expected: ['swedish-letters', 'non-ascii'],
      },
    ];

    for (const row of table) {
      it(`names every one of them for ${row.why}`, () => {
        assert.deepEqual(check(row), row.expected);
      });
    }
  });

  describe('when the password follows every rule', () => {
    for (const password of ['Vinterkaffe7', 'Kolla-Mer-Fika9', 'Exactly8']) {
      it(`accepts ${password}`, () => {
        assert.deepEqual(checkPassword(password, password, anna), []);
      });
    }

    it('ignores name tokens shorter than three characters', () => {
      const bo = { username: 'bo.ek', displayName: 'Bo Ek' };

      assert.deepEqual(checkPassword('Bokhylla7Ek', 'Bokhylla7Ek', bo), []);
    });
  });

  describe('when the policy is configured', () => {
    it('uses the configured minimum length', () => {
      const policy = { minLength: 12, maxLength: 128 };

      assert.deepEqual(checkPassword('Vinterkaffe7', 'Vinterkaffe7', anna, policy), []);
      assert.deepEqual(checkPassword('Vinterkaff7', 'Vinterkaff7', anna, policy), ['too-short']);
    });
  });
});
