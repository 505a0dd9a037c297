import assert from 'node:assert/strict';
import type { PhoneNumber } from '../../src/reset/account';
import { SmsSendError } from '../../src/reset/errors';
import type { SmsMessage } from '../../src/reset/ports';
import { checkMobileNumber, isKnownCountry, MobileNumberGuard } from '../../src/sms/phoneNumber';
import { RecordingSmsSender } from '../support/recordingSms';

const swedenOnly = { allowedCountries: ['SE'] };

describe('checkMobileNumber', () => {
  describe('when the directory holds a Swedish mobile number in any usual notation', () => {
    const table: [source: string, raw: string][] = [
      ['Graph phoneMethods', '+46 701234567'],
      ['Graph, no space', '+46701234567'],
      ['AD mobile, national', '070-123 45 67'],
      ['AD mobile, national without spaces', '0701234567'],
      ['AD mobile, trunk zero in brackets', '+46 (0)70-123 45 67'],
      ['AD mobile, trunk zero in brackets, no space', '+46(0)701234567'],
      ['AD mobile, 00 international prefix', '0046701234567'],
      ['AD mobile, 00 prefix with spaces', '0046 70 123 45 67'],
      ['AD mobile, dots', '070.123.45.67'],
    ];
    for (const [source, raw] of table) {
      it(`reads ${source} (${raw}) as +46701234567`, () => {
        assert.deepEqual(checkMobileNumber(raw, swedenOnly), {
          ok: true,
          e164: '+46701234567',
          country: 'SE',
        });
      });
    }

    it('reads the other Swedish mobile ranges (072, 073, 076, 079)', () => {
      for (const raw of ['072-123 45 67', '073-123 45 67', '076-123 45 67', '079-123 45 67']) {
        assert.equal(checkMobileNumber(raw, swedenOnly).ok, true, raw);
      }
    });
  });

  describe('when the number is not a mobile number', () => {
    it('refuses Swedish landlines as not-mobile', () => {
      for (const raw of ['08-123 456 78', '+46 8 123 456 78', '0142-36 6000', '+46 (0)8 123 45 67']) {
        assert.deepEqual(checkMobileNumber(raw, swedenOnly), { ok: false, reason: 'not-mobile' }, raw);
      }
    });
  });

  describe('when the number cannot be read', () => {
    it('refuses it as unparseable', () => {
      for (const raw of ['', 'saknas', '070-12', '+46 70 123', '+999 123456789']) {
        assert.deepEqual(checkMobileNumber(raw, swedenOnly), { ok: false, reason: 'unparseable' }, raw);
      }
    });
  });

  describe('when the mobile number is in another country', () => {
    it('refuses it unless that country is allowed', () => {
      for (const raw of ['+47 412 34 567', '+358 40 1234567', '+44 7911 123456']) {
        assert.deepEqual(
          checkMobileNumber(raw, swedenOnly),
          { ok: false, reason: 'country-not-allowed' },
          raw,
        );
      }
      assert.deepEqual(checkMobileNumber('+47 412 34 567', { allowedCountries: ['SE', 'NO'] }), {
        ok: true,
        e164: '+4741234567',
        country: 'NO',
      });
    });

    it('reads national notation in the configured default region', () => {
      assert.deepEqual(checkMobileNumber('412 34 567', { allowedCountries: ['NO'], defaultRegion: 'NO' }), {
        ok: true,
        e164: '+4741234567',
        country: 'NO',
      });
    });
  });
});

describe('isKnownCountry', () => {
  it('knows ISO country codes and nothing else', () => {
    assert.equal(isKnownCountry('SE'), true);
    assert.equal(isKnownCountry('NO'), true);
    for (const code of ['se', 'XX', 'SWE', '']) assert.equal(isKnownCountry(code), false, code);
  });
});

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
