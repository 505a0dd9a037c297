import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import sinon from 'sinon';
import type { Requester } from '../../src/reset/case';
import { buildResetWorld, type ResetWorld } from '../support/resetWorld';

const anna: Requester = { userId: '29:anna', aadObjectId: '6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01' };
const bertil: Requester = { userId: '29:bertil', aadObjectId: 'ef5801e7-9001-4afe-8df2-aa5cc5ba4a11' };

/** Every code drawn is this one, so a test can type the code a case would have had. */
const DRAWN = 424242;

async function openCase(world: ResetWorld, requester: Requester, typed: string): Promise<string> {
  const record = await world.service.startCase({ conversationId: 'c', requester, locale: 'sv-SE' });
  await world.service.submitUsername(record.id, typed);
  return record.id;
}

describe('ResetService with a code that was never sent', () => {
  let world: ResetWorld;

  beforeEach(async () => {
    world = await buildResetWorld();
    (sinon.stub(crypto, 'randomInt') as sinon.SinonStub).returns(DRAWN);
  });

  afterEach(() => sinon.restore());

  describe('when the requester knows the code the service would draw', () => {
    it('verifies it where it was sent (the draw is known)', async () => {
      const caseId = await openCase(world, anna, 'anna.svensson');

      assert.equal(world.sms.lastCode(), String(DRAWN));
      assert.deepEqual(await world.service.verifyCode(caseId, String(DRAWN)), { kind: 'verified' });
    });

    const unsent: readonly { why: string; requester: Requester; typed: string; arrange?: () => void }[] = [
      { why: 'the name is unknown', requester: anna, typed: 'nobody.here' },
      { why: 'the account has no phone', requester: anna, typed: 'cecilia.ceder' },
      { why: 'the account is disabled', requester: anna, typed: 'erik.ek' },
      {
        why: 'the SMS could not be sent',
        requester: bertil,
        typed: 'anna.svensson',
        arrange: () => world.sms.failWith(),
      },
    ];

    for (const { why, requester, typed, arrange } of unsent) {
      it(`verifies nothing, and changes nothing, when ${why}`, async () => {
        arrange?.();
        const caseId = await openCase(world, requester, typed);
        const setPassword = sinon.spy(world.directory, 'setPassword');
        const unlock = sinon.spy(world.directory, 'unlock');

        const result = await world.service.verifyCode(caseId, String(DRAWN));
        const password = await world.service.setPassword(caseId, 'Vinterkaffe7', 'Vinterkaffe7');

        assert.deepEqual(result, { kind: 'wrong', attemptsLeft: 2 });
        assert.deepEqual(password, { kind: 'not-verified' });
        assert.equal(setPassword.callCount + unlock.callCount, 0);
        assert.equal((await world.service.getCase(caseId))?.verifiedAt, undefined);
      });
    }
  });
});
