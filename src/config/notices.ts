import { z } from 'zod';
import { isGuid } from '../lib/guid';
import { codeSettings } from './codes';
import { flag, int, optionalText, problem, urlWith } from './fields';

/** When the bot speaks first: the owner's change notice, lockout notices, reminders (README "Notices"). */
export const noticeSettings = z.object({
  NOTIFY_OWNER_SMS: flag('true').describe(
    "After every unlock or password change through the bot, an SMS to the account's registered mobile: what happened, when, and the service desk's number if it was not them.",
  ),
  LOCKOUT_WATCH_SECONDS: int(60, 0, 3600).describe(
    'With `DIRECTORY=ad` or `hybrid` (and the demo), how often the bot asks AD for accounts locked since its last look, to tell their owners in Teams; 0 = off. One search per interval, whatever the number of accounts.',
  ),
  PASSWORD_EXPIRY_REMINDER_DAYS: z
    .string()
    .trim()
    .default('7,1')
    .describe(
      'Days before an AD password expires (msDS-UserPasswordExpiryTimeComputed) at which its owner gets one reminder in Teams, comma-separated; empty = none. Passwords that never expire get none.',
    ),
  REMINDER_CHECK_SECONDS: int(3600, 0, 86_400).describe(
    'How often the expiry reminders are checked (also at start); 0 = off.',
  ),
  NOTICE_HOURS: z
    .string()
    .trim()
    .default('08-17')
    .describe(
      'When reminders and enrollment messages may be sent: whole hours `HH-HH` on weekdays, Europe/Stockholm time; `00-24` means always, weekends included. Lockout and change notices go out at any hour.',
    ),
  ENROLLMENT_URL: optionalText.describe(
    'Where employees register a mobile number (e.g. `https://aka.ms/mysecurityinfo`, or the municipality\'s own guide): the enrollment message to people the bot can reach whose account has none links to it. Empty: the message names only the service desk\'s number. At most one message per person in 30 days, inside `NOTICE_HOURS`, stopped by "stopp".',
  ),
  TEAMS_APP_CATALOG_ID: optionalText.describe(
    "The bot's id in the organisation's Teams app catalog (Teams admin center → Manage apps → the app's App ID, or Graph `appCatalogs/teamsApps`). With Graph and `TeamsAppInstallation.ReadWriteSelfForUser.All`, the bot installs itself for a person it has never talked to, to open the chat for a notice.",
  ),
});

export interface NoticeHoursConfig {
  readonly always: boolean;
  readonly fromHour: number;
  readonly toHour: number;
  readonly timeZone: string;
}

/** `08-17` → hours 8 to 17 (exclusive); undefined when it is not two whole hours in order. */
function parseHours(value: string): NoticeHoursConfig | undefined {
  const match = /^(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [fromHour, toHour] = [Number(match[1]), Number(match[2])];
  if (fromHour >= toHour || toHour > 24) return undefined;
  return { always: fromHour === 0 && toHour === 24, fromHour, toHour, timeZone: 'Europe/Stockholm' };
}

/** `7,1` → [7, 1]; undefined when any part is not a whole number of days from 1 to 60. */
function parseDays(value: string): number[] | undefined {
  if (value === '') return [];
  const days = value.split(',').map((part) => part.trim());
  if (!days.every((part) => /^\d{1,2}$/.test(part) && Number(part) >= 1 && Number(part) <= 60))
    return undefined;
  return [...new Set(days.map(Number))].sort((a, b) => b - a);
}

export interface NoticesConfig {
  readonly ownerSms: boolean;
  /** Milliseconds between two looks for new lockouts; 0: no lockout notices. */
  readonly lockoutWatchMs: number;
  /** Days before expiry at which a reminder goes out, largest first. */
  readonly expiryReminderDays: readonly number[];
  /** Milliseconds between two expiry checks; 0: no reminders. */
  readonly reminderCheckMs: number;
  /** Office hours for reminders and enrollment messages. */
  readonly hours: NoticeHoursConfig;
  /** `ENROLLMENT_URL`: the enrollment message links here; without it, it names only the service desk. */
  readonly enrollmentUrl?: string;
  /** Set: the bot may install itself for a person to reach them (needs Graph). */
  readonly teamsAppCatalogId?: string;
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
      if (parseDays(settings.PASSWORD_EXPIRY_REMINDER_DAYS) === undefined)
        problem(
          issues,
          'PASSWORD_EXPIRY_REMINDER_DAYS',
          'expected whole days from 1 to 60, comma-separated, e.g. 7,1',
        );
      if (parseHours(settings.NOTICE_HOURS) === undefined)
        problem(
          issues,
          'NOTICE_HOURS',
          'expected whole hours HH-HH with the first earlier, e.g. 08-17 or 00-24',
        );
      const enrollmentUrl = settings.ENROLLMENT_URL;
      if (enrollmentUrl !== undefined && urlWith(enrollmentUrl, ['https:']) === undefined)
        problem(issues, 'ENROLLMENT_URL', 'must be an https:// URL');
      const catalogId = settings.TEAMS_APP_CATALOG_ID;
      if (catalogId !== undefined && !isGuid(catalogId))
        problem(issues, 'TEAMS_APP_CATALOG_ID', 'expected the catalog app id, a GUID');
    })
    .transform((settings): NoticesConfig => ({
      ownerSms: settings.NOTIFY_OWNER_SMS === 'true',
      lockoutWatchMs: settings.LOCKOUT_WATCH_SECONDS * 1000,
      expiryReminderDays: parseDays(settings.PASSWORD_EXPIRY_REMINDER_DAYS) ?? [],
      reminderCheckMs: settings.REMINDER_CHECK_SECONDS * 1000,
      hours: parseHours(settings.NOTICE_HOURS) ?? {
        always: false,
        fromHour: 8,
        toHour: 17,
        timeZone: 'Europe/Stockholm',
      },
      ...(settings.ENROLLMENT_URL !== undefined ? { enrollmentUrl: settings.ENROLLMENT_URL } : {}),
      ...(settings.TEAMS_APP_CATALOG_ID !== undefined
        ? { teamsAppCatalogId: settings.TEAMS_APP_CATALOG_ID }
        : {}),
    }));
