import assert from 'node:assert/strict';
import { checkMobileNumber, isKnownCountry, toE164 } from '../../src/lib/phoneNumber';

const swedenOnly = { allowedCountries: ['SE'] };

describe('toE164', () => {
  describe('when numbers are written as people write them in AD', () => {
    for (const [raw, e164] of [
      ['070-123 45 67', '+46701234567'],
      ['+46 (0)70 123 45 67', '+46701234567'],
      ['+46 (0)70-123 45 67', '+46701234567'],
      ['0046 70 123 45 67', '+46701234567'],
      ['+46701234567', '+46701234567'],
      [' 0701234567 ', '+46701234567'],
      ['+358 40 123 4567', '+358401234567'],
    ] as const) {
      it(`turns ${JSON.stringify(raw)} into ${e164}`, () => {
        assert.equal(toE164(raw, 'SE'), e164);
      });
    }
  });

  describe('when the value is not a phone number', () => {
    for (const raw of ['12', 'saknas', '070123456x', '']) {
      it(`gives undefined for ${JSON.stringify(raw)}`, () => {
        assert.equal(toE164(raw, 'SE'), undefined);
      });
    }
  });
});

describe('toE164 (Graph mobilePhone and phone methods)', () => {
  it('normalises the formats numbers are written in, read as Swedish without a country code', () => {
    assert.equal(toE164('+46 701234567'), '+46701234567');
    assert.equal(toE164('+46 (0)70-123 45 67'), '+46701234567');
    assert.equal(toE164('070-123 45 67'), '+46701234567');
    assert.equal(toE164('+46 70 12'), undefined, 'too short');
    assert.equal(toE164('ring växeln'), undefined);
  });
});

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
