import assert from 'node:assert/strict';
import { MemoryStorage } from 'botbuilder';
import {
  isWithinNoticeHours,
  ReminderPreferences,
  type ReminderPreference,
} from '../../../src/reset/notices/reminderPreferences';
import { BotStorageRecordStore } from '../../../src/storage/botStorageRecordStore';
import { FakeClock } from '../../support/fakeClock';

const OFFICE = { always: false, fromHour: 8, toHour: 17, timeZone: 'Europe/Stockholm' };

describe('isWithinNoticeHours', () => {
  describe('with the default 08-17 on weekdays, Stockholm time', () => {
    it('opens at 08:00 and closes at 17:00 local time, in winter and in summer', () => {
      // Monday 7 December 2026 (UTC+1) and Monday 1 June 2026 (UTC+2).
      assert.equal(isWithinNoticeHours(new Date('2026-12-07T06:59:00Z'), OFFICE), false);
      assert.equal(isWithinNoticeHours(new Date('2026-12-07T07:00:00Z'), OFFICE), true);
      assert.equal(isWithinNoticeHours(new Date('2026-12-07T15:59:00Z'), OFFICE), true);
      assert.equal(isWithinNoticeHours(new Date('2026-12-07T16:00:00Z'), OFFICE), false);
      assert.equal(isWithinNoticeHours(new Date('2026-06-01T05:59:00Z'), OFFICE), false);
      assert.equal(isWithinNoticeHours(new Date('2026-06-01T06:00:00Z'), OFFICE), true);
    });

    it('is closed all weekend', () => {
      assert.equal(isWithinNoticeHours(new Date('2026-12-05T10:00:00Z'), OFFICE), false);
      assert.equal(isWithinNoticeHours(new Date('2026-12-06T10:00:00Z'), OFFICE), false);
    });
  });

  describe('with 00-24', () => {
    it('is always open, weekends included', () => {
      assert.equal(isWithinNoticeHours(new Date('2026-12-06T02:00:00Z'), { ...OFFICE, always: true }), true);
    });
  });
});

describe('ReminderPreferences', () => {
  describe('when a person types stopp and later start', () => {
    it('stops their reminders, then turns them on again', async () => {
      const preferences = new ReminderPreferences(
        new BotStorageRecordStore<ReminderPreference>(new MemoryStorage(), 'notices/preferences'),
        new FakeClock(),
      );
      assert.equal(await preferences.wantsReminders('aad-1'), true);

      await preferences.set('aad-1', true);
      assert.equal(await preferences.wantsReminders('aad-1'), false);
      assert.equal(await preferences.wantsReminders('aad-2'), true);

      await preferences.set('aad-1', false);
      assert.equal(await preferences.wantsReminders('aad-1'), true);
    });
  });
});
