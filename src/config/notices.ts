import { z } from 'zod';
import { codeSettings } from './codes';
import { flag, problem } from './fields';

/** When the bot speaks first: the owner's change notice, lockout notices, reminders (README "Notices"). */
export const noticeSettings = z.object({
  NOTIFY_OWNER_SMS: flag('true').describe(
    "After every unlock or password change through the bot, an SMS to the account's registered mobile: what happened, when, and the service desk's number if it was not them.",
  ),
});

export interface NoticesConfig {
  readonly ownerSms: boolean;
}

/** A run of five digits or more in the service desk's number would look like a code in the notice SMS. */
const CODE_LIKE_RUN = /\d{5,}/;

export const noticesConfig = () =>
  noticeSettings
    .merge(codeSettings.pick({ SERVICEDESK_PHONE: true }))
    .superRefine((settings, issues) => {
      if (settings.NOTIFY_OWNER_SMS === 'true' && CODE_LIKE_RUN.test(settings.SERVICEDESK_PHONE))
        problem(
          issues,
          'SERVICEDESK_PHONE',
          'write it in groups (0142-36 6000): a run of five or more digits would look like a code in the change-notice SMS',
        );
    })
    .transform((settings): NoticesConfig => ({ ownerSms: settings.NOTIFY_OWNER_SMS === 'true' }));
