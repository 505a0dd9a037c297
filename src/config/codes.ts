import { z } from 'zod';
import { int, optionalText, type ConfigContext } from './fields';
import { checkSecret, secretOrGenerated } from './secret';

/** The code's life and the limits around it (SECURITY.md). */
export const codeSettings = z.object({
  SERVICEDESK_PHONE: z
    .string()
    .trim()
    .min(3)
    .max(40)
    .default('0142-36 6000')
    .describe('Service-desk phone number shown when a user cannot continue.'),
  CODE_HASH_SECRET: optionalText.describe(
    'Secret key (≥ 32 characters) for the HMAC that stores codes. Random per start in demo mode.',
  ),
  CODE_TTL_MINUTES: int(10, 1, 60).describe('How long an SMS code is valid.'),
  CODE_MAX_ATTEMPTS: int(3, 1, 10).describe('Wrong tries per code before a new code is needed.'),
  CODE_RESEND_COOLDOWN_SECONDS: int(60, 0, 3600).describe('Wait before "send a new code" works again.'),
  SMS_PER_ACCOUNT_PER_HOUR: int(5, 1, 100).describe(
    'Codes per account per hour before the account is blocked.',
  ),
  SMS_BLOCK_HOURS: int(24, 1, 168).describe('How long an account stays blocked after too many codes.'),
  CASE_IDLE_MINUTES: int(15, 1, 240).describe('An idle reset conversation expires after this long.'),
  CASES_PER_REQUESTER_PER_HOUR: int(10, 1, 1000).describe('Reset cases one Teams user may start per hour.'),
  WRONG_CODES_PER_ACCOUNT_PER_DAY: int(10, 1, 1000).describe(
    'Wrong codes per account per 24 hours, across cases, before further guesses are not even checked.',
  ),
  UNIFORM_ANSWER_MIN_MS: int(1500, 0, 10000).describe(
    'Answers about other people’s accounts take at least this long, so timing does not tell whether an account exists.',
  ),
  PASSWORD_BLOCKLIST_FILE: optionalText.describe(
    'Text file of local words (one per line, e.g. the municipality’s name) refused inside passwords, on top of the shipped list.',
  ),
});

export interface CodesConfig {
  readonly hashSecret: string;
  readonly hashSecretGenerated: boolean;
  readonly ttlMinutes: number;
  readonly maxAttempts: number;
  readonly resendCooldownSeconds: number;
}

export interface ThrottleConfig {
  readonly smsPerAccountPerHour: number;
  readonly blockHours: number;
}

export interface LimitsConfig {
  readonly casesPerRequesterPerHour: number;
  readonly wrongCodesPerAccountPerDay: number;
  readonly uniformAnswerMinMs: number;
  readonly passwordBlocklistFile?: string;
}

export interface CodesPart {
  readonly servicedeskPhone: string;
  readonly codes: CodesConfig;
  readonly throttle: ThrottleConfig;
  readonly caseIdleMinutes: number;
  readonly limits: LimitsConfig;
}

export const codesConfig = (context: ConfigContext) =>
  codeSettings
    .superRefine((settings, issues) =>
      checkSecret('CODE_HASH_SECRET', settings.CODE_HASH_SECRET, context, issues),
    )
    .transform((settings): CodesPart => {
      const { secret, generated } = secretOrGenerated(settings.CODE_HASH_SECRET);
      const blocklist = settings.PASSWORD_BLOCKLIST_FILE;
      return {
        servicedeskPhone: settings.SERVICEDESK_PHONE,
        codes: {
          hashSecret: secret,
          hashSecretGenerated: generated,
          ttlMinutes: settings.CODE_TTL_MINUTES,
          maxAttempts: settings.CODE_MAX_ATTEMPTS,
          resendCooldownSeconds: settings.CODE_RESEND_COOLDOWN_SECONDS,
        },
        throttle: {
          smsPerAccountPerHour: settings.SMS_PER_ACCOUNT_PER_HOUR,
          blockHours: settings.SMS_BLOCK_HOURS,
        },
        caseIdleMinutes: settings.CASE_IDLE_MINUTES,
        limits: {
          casesPerRequesterPerHour: settings.CASES_PER_REQUESTER_PER_HOUR,
          wrongCodesPerAccountPerDay: settings.WRONG_CODES_PER_ACCOUNT_PER_DAY,
          uniformAnswerMinMs: settings.UNIFORM_ANSWER_MIN_MS,
          ...(blocklist !== undefined ? { passwordBlocklistFile: blocklist } : {}),
        },
      };
    });
