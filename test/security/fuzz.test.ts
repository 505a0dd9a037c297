import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardVerbs, submitSchema } from '../../src/cards/actions';
import { ConfigError, loadConfig } from '../../src/config';
import { settingsSchema } from '../../src/config/schema';
import { MAX_TEXT_LENGTH, readUserInput } from '../../src/dialogs/userInput';
import { normaliseCodeInput } from '../../src/reset/code';
import { checkPassword, type PasswordViolation } from '../../src/reset/passwordPolicy';
import { parseUsername } from '../../src/reset/username';
import { FUZZ_SEED, runs } from './fuzzSeed';

/** Any code point (lone surrogates included) or whole graphemes: what a Teams client could send. */
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme' }));

/** Values shaped like the bot's submits, every field optionally of the wrong type. */
const submitLike = fc.record(
  {
    verb: fc.oneof(fc.constantFrom(...cardVerbs), fc.jsonValue()),
    caseId: fc.oneof(fc.string(), fc.jsonValue()),
    nonce: fc.oneof(fc.string(), fc.jsonValue()),
    username: fc.oneof(anyText, fc.jsonValue()),
    code: fc.oneof(fc.stringMatching(/^\d{6}$/), fc.jsonValue()),
    newPassword: fc.oneof(anyText, fc.jsonValue()),
    repeatPassword: fc.oneof(anyText, fc.jsonValue()),
  },
  { requiredKeys: [] },
);

const cardValue = fc.oneof(
  fc.jsonValue(),
  submitLike,
  fc.anything({ withNullPrototype: true, withMap: true, withSet: true, withBoxedValues: true }),
);

/** The documented username alphabet (src/reset/username.ts). */
const USERNAME_ALPHABET = /^[\p{L}\p{N}._'-]{1,64}(@[\p{L}\p{N}.-]{1,190})?$/u;
const INPUT_KINDS = new Set(['text', 'submit', 'invalid-submit', 'empty']);
const VIOLATIONS = new Set<PasswordViolation>([
  'too-short',
  'no-uppercase',
  'no-digit',
  'swedish-letters',
  'non-ascii',
  'contains-username',
  'too-long',
  'mismatch',
  'common-password',
  'empty',
]);

describe(`input parsers under property-based fuzzing (seed ${FUZZ_SEED})`, function () {
  // Thousands of generated cases on a shared 2-core machine: more than the project's default 20 s.
  this.timeout(120_000);

  describe('when readUserInput gets arbitrary card values and texts', () => {
    it('never throws and answers one of the known kinds, consistent with submitSchema', () => {
      fc.assert(
        fc.property(
          fc.option(cardValue, { nil: undefined }),
          fc.option(anyText, { nil: undefined }),
          (value, text) => {
            const input = readUserInput({ type: 'message', value, text });
            assert.ok(INPUT_KINDS.has(input.kind), input.kind);
            if (value === undefined || value === null)
              assert.ok(input.kind === 'text' || input.kind === 'empty');
            if (input.kind === 'submit') {
              assert.ok((cardVerbs as readonly string[]).includes(input.submit.verb));
              assert.equal(submitSchema.safeParse(value).success, true);
            }
            if (input.kind === 'invalid-submit') assert.equal(typeof input.problems, 'string');
            if (input.kind === 'text') {
              assert.ok(input.text.length > 0 && input.text.length <= MAX_TEXT_LENGTH);
              assert.equal(input.text, input.text.trim());
              // eslint-disable-next-line no-control-regex
              assert.doesNotMatch(input.text, /[\u0000-\u001F\u007F]/);
            }
          },
        ),
        { seed: FUZZ_SEED, numRuns: runs(3000) },
      );
    });

    it('submitSchema keeps only strings of bounded length in what it accepts', () => {
      fc.assert(
        fc.property(cardValue, (value) => {
          const parsed = submitSchema.safeParse(value);
          if (!parsed.success) return;
          for (const [key, field] of Object.entries(parsed.data)) {
            assert.equal(typeof field, 'string', key);
            assert.ok(field.length <= 1000, key);
          }
        }),
        { seed: FUZZ_SEED, numRuns: runs(2000) },
      );
    });
  });

  describe('when parseUsername gets arbitrary unicode', () => {
    const typed = fc.oneof(
      anyText,
      fc.stringMatching(/^\s?[A-Za-zÅÄÖåäöİıßǅ0-9._'*()\\@-]{1,30}\s?$/),
      fc.constantFrom('anna.svensson', 'Anna.Svensson@Motala.se', 'İbrahim', 'a*)(uid=*', 'x\u0000y'),
    );

    it('never throws; what it accepts is lower-case, in the documented alphabet and free of filter syntax', () => {
      fc.assert(
        fc.property(typed, (text) => {
          const username = parseUsername(text);
          if (username === undefined) return;
          assert.match(username, USERNAME_ALPHABET);
          // eslint-disable-next-line no-control-regex
          assert.doesNotMatch(username, /[*()\\\u0000]/);
          assert.equal(parseUsername(username), username, 'accepting is idempotent');
        }),
        { seed: FUZZ_SEED, numRuns: runs(3000) },
      );
    });
  });

  describe('when normaliseCodeInput gets arbitrary text', () => {
    it('never throws and yields six ASCII digits or nothing; typed codes survive spaces and dashes', () => {
      fc.assert(
        fc.property(anyText, (text) => {
          const code = normaliseCodeInput(text);
          if (code !== undefined) assert.match(code, /^[0-9]{6}$/);
        }),
        { seed: FUZZ_SEED, numRuns: runs(1500) },
      );
      fc.assert(
        fc.property(
          fc.stringMatching(/^[0-9]{6}$/),
          fc.array(fc.constantFrom(' ', '-', '\t', '\u00a0')),
          (code, seps) => {
            const spaced = [...code].map((digit, i) => digit + (seps[i] ?? '')).join('');
            assert.equal(normaliseCodeInput(` ${spaced} `), code);
          },
        ),
        { seed: FUZZ_SEED, numRuns: runs(500) },
      );
    });
  });

  describe('when checkPassword gets arbitrary passwords', () => {
    const password = fc.oneof(anyText, fc.stringMatching(/^[A-Za-z0-9!#%&åö ]{6,20}$/));
    const account = fc.record({
      username: fc.oneof(fc.constantFrom('anna.svensson', 'ab', 'bo'), fc.string({ maxLength: 12 })),
      displayName: fc.option(fc.oneof(fc.constant('Anna Svensson'), fc.string({ maxLength: 20 })), {
        nil: undefined,
      }),
    });

    it('never throws, names only known rules, and an empty list means every rule holds', () => {
      fc.assert(
        fc.property(password, fc.option(anyText, { nil: undefined }), account, (pw, other, acct) => {
          const repeat = other ?? pw;
          const violations = checkPassword(pw, repeat, acct);
          for (const violation of violations) assert.ok(VIOLATIONS.has(violation), violation);
          if (pw.length > 0) assert.equal(violations.includes('mismatch'), pw !== repeat);
          if (violations.length > 0) return;
          assert.ok(pw.length >= 8 && pw.length <= 128, 'length');
          assert.match(pw, /[A-Z]/);
          assert.match(pw, /[0-9]/);
          assert.match(pw, /^[\x20-\x7E]+$/, 'printable ASCII only');
          assert.equal(pw, repeat);
          const lower = pw.toLowerCase();
          if (acct.username.length >= 3) assert.ok(!lower.includes(acct.username.toLowerCase()));
        }),
        { seed: FUZZ_SEED, numRuns: runs(2000) },
      );
    });
  });

  describe('when loadConfig gets arbitrary values for its known settings', () => {
    const keys = Object.keys(settingsSchema.shape);
    const value = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 40 }),
      fc.constantFrom(
        'production',
        'development',
        'true',
        'false',
        '0',
        '-1',
        '65536',
        '1e3',
        'NaN',
        ' ',
        'https://example.org/path',
        'http://127.0.0.1:1',
        'graph',
        'ad',
        'demo',
        'webhook',
        'acs',
        'console',
        'SingleTenant',
        'MultiTenant',
        '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
        'x'.repeat(40),
        '__proto__',
      ),
    );

    it('returns a deeply frozen Config or throws a ConfigError listing problems, nothing else', () => {
      let accepted = 0;
      fc.assert(
        fc.property(fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 12 }), (env) => {
          let config;
          try {
            config = loadConfig(env);
          } catch (error) {
            assert.ok(error instanceof ConfigError, `not a ConfigError: ${String(error)}`);
            assert.ok(error.problems.length > 0);
            for (const problem of error.problems) assert.equal(typeof problem, 'string');
            return;
          }
          accepted++;
          assert.ok(Object.isFrozen(config) && Object.isFrozen(config.bot) && Object.isFrozen(config.codes));
          assert.ok(Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535);
        }),
        { seed: FUZZ_SEED, numRuns: runs(1500) },
      );
      assert.ok(accepted > 0, 'some generated environments are valid');
    });
  });
});
