import assert from 'node:assert/strict';
import { composeSmsText, isSingleGsm7Segment, MAX_ORG_NAME_LENGTH } from '../../src/sms/message';

describe('composeSmsText', () => {
  const base = { code: '042917', validMinutes: 10, orgName: 'Reset Kommun' };
  // Exactly 40 characters, with the Swedish letters that a municipality name is likely to have.
  const longestOrgName = 'Östra Göinge och Åsele kommuner, IT-stöd';

  describe('when the locale is Swedish or missing', () => {
    it('writes Swedish with the code, how long it is valid, the organisation and the warning', () => {
      const text = composeSmsText({ ...base, locale: 'sv-SE' });

      assert.match(text, /042917/);
      assert.match(text, /gäller i 10 minuter/);
      assert.match(text, /Reset Kommun/);
      assert.match(text, /Dela aldrig koden med någon\./);
      assert.equal(composeSmsText(base), text);
    });

    it('says "minut" for one minute', () => {
      assert.match(composeSmsText({ ...base, validMinutes: 1 }), /gäller i 1 minut\./);
    });
  });

  describe('when the locale starts with "en"', () => {
    it('writes English with the code, how long it is valid, the organisation and the warning', () => {
      for (const locale of ['en', 'en-US', 'EN-gb']) {
        const text = composeSmsText({ ...base, locale });

        assert.match(text, /042917/);
        assert.match(text, /valid for 10 minutes/);
        assert.match(text, /Reset Kommun/);
        assert.match(text, /Never share this code/);
      }
    });

    it('says "minute" for one minute', () => {
      assert.match(composeSmsText({ ...base, locale: 'en-US', validMinutes: 1 }), /valid for 1 minute\./);
    });
  });

  describe('when the organisation name is as long as allowed', () => {
    it('still fits one GSM-7 segment in both languages', () => {
      assert.equal(longestOrgName.length, MAX_ORG_NAME_LENGTH);
      for (const locale of ['sv-SE', 'en-US']) {
        const text = composeSmsText({ ...base, locale, orgName: longestOrgName, validMinutes: 999 });

        assert.ok(text.includes(longestOrgName));
        assert.ok(text.length <= 160, `${text.length} characters: ${text}`);
        assert.ok(isSingleGsm7Segment(text), text);
      }
    });
  });

  describe('when the text could not go out as one GSM-7 segment', () => {
    it('refuses an organisation name that is far too long', () => {
      assert.throws(() => composeSmsText({ ...base, orgName: 'K'.repeat(70) }), RangeError);
    });

    it('refuses typographic quotes, which would switch the SMS to UCS-2', () => {
      assert.throws(() => composeSmsText({ ...base, orgName: 'Kommunens ’IT’' }), RangeError);
    });
  });

  describe('when the arguments are not what a caller should pass', () => {
    it('refuses a code that is not six digits, an empty organisation and a non-positive validity', () => {
      assert.throws(() => composeSmsText({ ...base, code: '12345' }), RangeError);
      assert.throws(() => composeSmsText({ ...base, code: '12345a' }), RangeError);
      assert.throws(() => composeSmsText({ ...base, orgName: '  ' }), RangeError);
      assert.throws(() => composeSmsText({ ...base, validMinutes: 0 }), RangeError);
      assert.throws(() => composeSmsText({ ...base, validMinutes: 2.5 }), RangeError);
    });
  });
});

describe('isSingleGsm7Segment', () => {
  describe('when the text uses only the basic GSM-7 alphabet', () => {
    it('allows up to 160 characters', () => {
      assert.equal(isSingleGsm7Segment(''), true);
      assert.equal(isSingleGsm7Segment('a'.repeat(160)), true);
      assert.equal(isSingleGsm7Segment('a'.repeat(161)), false);
    });

    it('counts the Swedish letters and other basic-set letters as one character each', () => {
      assert.equal(isSingleGsm7Segment('åäöÅÄÖéÉüÜ§£@$'.repeat(10) + 'x'.repeat(10)), true);
      assert.equal(isSingleGsm7Segment('åäöÅÄÖ'.repeat(27)), false);
    });
  });

  describe('when the text uses the extension table', () => {
    it('counts € [ ] { } ^ ~ | \\ as two characters each', () => {
      assert.equal(isSingleGsm7Segment('€'.repeat(80)), true);
      assert.equal(isSingleGsm7Segment('€'.repeat(81)), false);
      assert.equal(isSingleGsm7Segment('[]{}^~|\\'.repeat(10)), true);
      assert.equal(isSingleGsm7Segment('[]{}^~|\\'.repeat(10) + 'a'), false);
    });
  });

  describe('when the text has a character outside GSM-7', () => {
    it('answers false however short the text is', () => {
      for (const char of ['‘', '’', '“', '”', 'á', 'ç', '–', '📱']) {
        assert.equal(isSingleGsm7Segment(`Hej ${char}`), false, char);
      }
    });
  });
});
