import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

function problemsFor(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('notices configuration', () => {
  describe('when nothing is set', () => {
    it("sends the owner's change notice by SMS", () => {
      assert.deepEqual(loadConfig({}).notices, {
        ownerSms: true,
        lockoutWatchMs: 60_000,
        expiryReminderDays: [7, 1],
        reminderCheckMs: 3_600_000,
        hours: { always: false, fromHour: 8, toHour: 17, timeZone: 'Europe/Stockholm' },
      });
    });
  });

  describe('when NOTIFY_OWNER_SMS=false', () => {
    it('sends none, and any way of writing the service desk number is accepted', () => {
      const config = loadConfig({ NOTIFY_OWNER_SMS: 'false', SERVICEDESK_PHONE: '0142366000' });

      assert.equal(config.notices.ownerSms, false);
    });
  });

  describe("when the service desk's number has a run of five digits or more", () => {
    it('is refused, as the notice would carry a code-like number', () => {
      const problems = problemsFor({ SERVICEDESK_PHONE: '0142366000' });

      assert.equal(problems.length, 1);
      assert.match(problems[0] ?? '', /^SERVICEDESK_PHONE: write it in groups/);
    });
  });

  describe('when PASSWORD_EXPIRY_REMINDER_DAYS is set', () => {
    it('takes whole days largest first, and refuses anything else', () => {
      assert.deepEqual(
        loadConfig({ PASSWORD_EXPIRY_REMINDER_DAYS: '1, 14,7' }).notices.expiryReminderDays,
        [14, 7, 1],
      );
      assert.match(
        problemsFor({ PASSWORD_EXPIRY_REMINDER_DAYS: '7,0' })[0] ?? '',
        /^PASSWORD_EXPIRY_REMINDER_DAYS: expected whole days/,
      );
    });
  });

  describe('when ENROLLMENT_URL is set', () => {
    it('takes an https URL and refuses anything else', () => {
      assert.equal(
        loadConfig({ ENROLLMENT_URL: 'https://aka.ms/mysecurityinfo' }).notices.enrollmentUrl,
        'https://aka.ms/mysecurityinfo',
      );
      assert.deepEqual(problemsFor({ ENROLLMENT_URL: 'http://intranet.kommun.se/mobil' }), [
        'ENROLLMENT_URL: must be an https:// URL',
      ]);
      assert.deepEqual(problemsFor({ ENROLLMENT_URL: 'intranet/mobil' }), [
        'ENROLLMENT_URL: must be an https:// URL',
      ]);
    });
  });

  describe('when NOTICE_HOURS is 00-24', () => {
    it('means always', () => {
      assert.equal(loadConfig({ NOTICE_HOURS: '00-24' }).notices.hours.always, true);
    });
  });

  describe('when NOTICE_HOURS is not two whole hours in order', () => {
    it('names it', () => {
      for (const hours of ['17-08', '8-17', '08-25', 'kontorstid'])
        assert.match(problemsFor({ NOTICE_HOURS: hours })[0] ?? '', /^NOTICE_HOURS: expected whole hours/);
    });
  });

  describe('when NOTIFY_OWNER_SMS is not a boolean', () => {
    it('names it', () => {
      assert.match(problemsFor({ NOTIFY_OWNER_SMS: 'yes' })[0] ?? '', /^NOTIFY_OWNER_SMS/);
    });
  });
});
