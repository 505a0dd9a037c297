import assert from 'node:assert/strict';
import { CODE_LIKE_DIGITS, composeChangeSmsText, isSingleGsm7Segment } from '../../src/sms/message';

describe('composeChangeSmsText', () => {
  const base = {
    change: 'unlocked',
    // 07:12 UTC in December is 08:12 in Stockholm.
    at: new Date('2026-12-07T07:12:00Z'),
    username: 'anna.svensson',
    orgName: 'Kommunen',
    servicedeskPhone: '0142-36 6000',
  } as const;

  describe('when the account was unlocked, in Swedish', () => {
    it('says what, when (local time) and whom to call', () => {
      assert.equal(
        composeChangeSmsText({ ...base, locale: 'sv-SE' }),
        'Kommunen: Ditt konto anna.svensson låstes upp 7/12 kl. 08:12 via Teams. Var det inte du? Ring servicedesk 0142-36 6000.',
      );
    });
  });

  describe('when the password was changed, in English', () => {
    it('says so, in summer time as well', () => {
      const text = composeChangeSmsText({
        ...base,
        change: 'password-set',
        locale: 'en-GB',
        at: new Date('2026-06-01T06:05:00Z'),
      });

      assert.equal(
        text,
        'Kommunen: Your account anna.svensson got a new password on 1 Jun at 08:05 in Teams. Not you? Call the service desk on 0142-36 6000.',
      );
    });
  });

  describe('whatever the input', () => {
    it('fits one GSM-7 segment and has no code-like run of digits', () => {
      for (const locale of ['sv', 'en']) {
        for (const username of ['a'.repeat(20), 'anna123456', 'åsa_ärlig', 'x']) {
          for (const change of ['unlocked', 'password-set'] as const) {
            const text = composeChangeSmsText({
              ...base,
              change,
              locale,
              username,
              orgName: 'Östra Göinge och Åsele kommuner, IT-stöd',
            });
            assert.ok(isSingleGsm7Segment(text), text);
            assert.doesNotMatch(text, CODE_LIKE_DIGITS);
          }
        }
      }
    });

    it('leaves the username out when it has a code-like run of digits', () => {
      const text = composeChangeSmsText({ ...base, locale: 'sv', username: 'anna123456' });

      assert.match(text, /^Kommunen: Ditt konto låstes upp/);
    });
  });

  describe("when the service desk's number is one long run of digits", () => {
    it('refuses, so startup fails instead of sending a code-like notice', () => {
      assert.throws(
        () => composeChangeSmsText({ ...base, servicedeskPhone: '0142366000' }),
        /write SERVICEDESK_PHONE in groups/,
      );
    });
  });
});
