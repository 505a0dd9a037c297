import assert from 'node:assert/strict';
import { noticeActivity } from '../../src/bot/noticeActivity';
import type { Notice } from '../../src/reset/notices/ports';

const options = { servicedeskPhone: '0142-36 6000' };

describe('noticeActivity', () => {
  describe('when an account locked again soon after the bot unlocked it and the sign-in log named sources', () => {
    it('says why relocks happen and names the apps and devices, in the last locale', () => {
      const notice: Notice = {
        kind: 'lockout',
        username: 'anna.svensson',
        lockedAt: new Date('2026-12-07T07:12:00Z'),
        relock: true,
        failedFrom: ['Exchange ActiveSync, iPhone', 'IMAP4, Windows 10'],
        noticeId: 'n1',
      };

      const swedish = JSON.stringify(noticeActivity(notice, 'sv-SE', options));
      const english = JSON.stringify(noticeActivity(notice, 'en-US', options));

      assert.match(swedish, /Ditt konto \(anna\.svensson\) låstes 08:12/);
      assert.match(swedish, /e-postappen i telefonen/);
      assert.match(
        swedish,
        /De misslyckade inloggningarna kom från: Exchange ActiveSync, iPhone; IMAP4, Windows 10\./,
      );
      assert.match(
        english,
        /The failed sign-ins came from: Exchange ActiveSync, iPhone; IMAP4, Windows 10\./,
      );
    });
  });

  describe('when the sign-in log named nothing', () => {
    it('leaves the line out', () => {
      const notice: Notice = {
        kind: 'lockout',
        username: 'anna.svensson',
        lockedAt: new Date('2026-12-07T07:12:00Z'),
        relock: true,
        noticeId: 'n1',
      };
      assert.doesNotMatch(
        JSON.stringify(noticeActivity(notice, 'sv-SE', options)),
        /misslyckade inloggningarna/,
      );
    });
  });
});
