import assert from 'node:assert/strict';
import type { Requester } from '../../src/reset/case';
import { buildResetWorld, type ResetWorld, type ServiceLimits } from '../support/resetWorld';

const anna: Requester = { userId: '29:anna', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };
/** A Teams user with no account of their own in the directory. */
const stranger: Requester = { userId: '29:stranger', aadObjectId: '0b5f3c1e-7a2d-4e8f-9c6b-1d2e3f4a5b6c' };

async function openCase(world: ResetWorld, requester: Requester, typed: string): Promise<string> {
  const record = await world.service.startCase({ conversationId: 'c', requester, locale: 'sv-SE' });
  await world.service.submitUsername(record.id, typed);
  return record.id;
}

/** A six-digit guess that is not the last code sent (a stranger does not know it). */
function wrongGuess(world: ResetWorld): string {
  return world.sms.sent.length > 0 && world.sms.lastCode() === '000000' ? '111111' : '000000';
}

async function guesses(world: ResetWorld, caseId: string, times: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < times; i++) {
    const result = await world.service.verifyCode(caseId, wrongGuess(world));
    answers.push(result.kind === 'wrong' ? `wrong (${result.attemptsLeft} left)` : result.kind);
  }
  return answers;
}

async function worldWith(limits: ServiceLimits): Promise<ResetWorld> {
  return buildResetWorld(undefined, limits);
}

describe('ResetService counting code guesses', () => {
  describe('when a stranger guesses at one name under its two spellings', () => {
    /** Three guesses in a case for `name`, then three in a case for its user principal name. */
    async function guessUnderBothSpellings(name: string): Promise<string[]> {
      const world = await worldWith({ guessesPerAccount: 4 });
      const first = await guesses(world, await openCase(world, stranger, name), 3);
      const second = await guesses(world, await openCase(world, stranger, `${name}@kommun.example`), 3);
      return [...first, ...second];
    }

    it('answers exactly the same for an existing and an unknown account', async () => {
      const existing = await guessUnderBothSpellings('bertil.berg');
      const unknown = await guessUnderBothSpellings('nobody.here');

      assert.deepEqual(unknown, existing);
      assert.deepEqual(existing, [
        'wrong (2 left)',
        'wrong (1 left)',
        'exhausted',
        'wrong (2 left)',
        'too-many-guesses',
        'case-closed',
      ]);
    });
  });

  describe('when a stranger keeps guessing at a code that is already spent', () => {
    it('does not count those guesses, so the owner can still enter her code', async () => {
      const world = await worldWith({ guessesPerAccount: 10 });
      const attack = await openCase(world, stranger, 'anna.svensson');
      const answers = await guesses(world, attack, 13);

      const own = await openCase(world, anna, 'anna.svensson');
      const result = await world.service.verifyCode(own, world.sms.lastCode());

      assert.deepEqual(answers.slice(2), Array(11).fill('exhausted'));
      assert.deepEqual(result, { kind: 'verified' });
    });
  });

  describe('when one stranger spends guesses at someone else’s account across cases', () => {
    it('stops the stranger at the per-requester limit, before the owner’s allowance is spent', async () => {
      const world = await worldWith({ guessesPerAccount: 6, guessesPerRequester: 3 });
      const first = await guesses(world, await openCase(world, stranger, 'anna.svensson'), 3);
      const second = await guesses(world, await openCase(world, stranger, 'anna.svensson'), 1);

      const own = await openCase(world, anna, 'anna.svensson');
      const owner = await guesses(world, own, 2);
      const result = await world.service.verifyCode(own, world.sms.lastCode());

      assert.deepEqual(first, ['wrong (2 left)', 'wrong (1 left)', 'exhausted']);
      assert.deepEqual(second, ['too-many-guesses']);
      assert.deepEqual(owner, ['wrong (2 left)', 'wrong (1 left)']);
      assert.deepEqual(result, { kind: 'verified' });
    });
  });

  describe('when the owner guesses at her own account', () => {
    it('counts her guesses against the account’s allowance only', async () => {
      const world = await worldWith({ guessesPerAccount: 4, guessesPerRequester: 1 });
      const first = await guesses(world, await openCase(world, anna, 'anna.svensson'), 3);
      const second = await guesses(world, await openCase(world, anna, 'anna.svensson'), 2);

      assert.deepEqual(first, ['wrong (2 left)', 'wrong (1 left)', 'exhausted']);
      assert.deepEqual(second, ['wrong (2 left)', 'too-many-guesses']);
    });
  });
});
