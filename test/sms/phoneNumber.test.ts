import assert from 'node:assert/strict';
import type { PhoneNumber } from '../../src/reset/account';
import { SmsSendError } from '../../src/reset/errors';
import type { SmsMessage } from '../../src/reset/ports';
import { MobileNumberGuard } from '../../src/sms/phoneNumber';
import { RecordingSmsSender } from '../support/recordingSms';

const swedenOnly = { allowedCountries: ['SE'] };

describe('MobileNumberGuard', () => {
  const message = (to: string): SmsMessage => ({ to: to as PhoneNumber, text: 'x', caseId: 'case-1' });

  describe('when the number is an allowed mobile number', () => {
    it('passes the message on with the number in E.164', async () => {
      const inner = new RecordingSmsSender();

      await new MobileNumberGuard(inner, swedenOnly).send(message('+46 (0)70-123 45 67'));

      assert.deepEqual(
        inner.sent.map((sent) => sent.to),
        ['+46701234567'],
      );
    });
  });

  describe('when the number is a landline or in a country not allowed', () => {
    it('refuses with a non-recoverable "number not allowed" and sends nothing', async () => {
      const inner = new RecordingSmsSender();
      const guard = new MobileNumberGuard(inner, swedenOnly);

      for (const to of ['+46812345678', '+4741234567']) {
        await assert.rejects(guard.send(message(to)), (error: unknown) => {
          assert.ok(error instanceof SmsSendError);
          assert.equal(error.recoverable, false);
          assert.match(error.message, /^number not allowed \((not-mobile|country-not-allowed)\)$/);
          return true;
        });
      }
      assert.equal(inner.sent.length, 0);
    });
  });
});
