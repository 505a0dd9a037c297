import { z } from 'zod';

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * Every setting the bot reads, as environment variables. `.describe()` is the documentation: the
 * README table and `.env.example` are generated from it (`npm run config:docs`) and a test checks
 * they are current.
 */
export const settingsSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'])
    .default('development')
    .describe('`production` turns every demo default into a startup error.'),
  PORT: int(3978, 0, 65535).describe(
    'HTTP port for `/api/messages`, `/healthz` and `/readyz` (0 = any free port).',
  ),
  HOST: z.string().default('0.0.0.0').describe('Interface to listen on (`127.0.0.1` keeps it local).'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('pino log level.'),

  MicrosoftAppId: optionalText.describe(
    'Bot app (client) id from the Azure Bot registration. Without it requests are not authenticated (demo/dev only).',
  ),
  MicrosoftAppPassword: optionalText.describe(
    'Client secret of the bot app (SingleTenant). Keep it in Key Vault.',
  ),
  MicrosoftAppType: z
    .enum(['SingleTenant', 'UserAssignedMSI', 'MultiTenant'])
    .optional()
    .describe('`SingleTenant` or `UserAssignedMSI` (new multi-tenant bots cannot be created).'),
  MicrosoftAppTenantId: optionalText.describe('Entra tenant id the bot is registered in.'),

  DIRECTORY: z
    .enum(['demo'])
    .optional()
    .describe('Where accounts live. `demo`: a JSON file (the default outside production).'),
  DEMO_DIRECTORY_FILE: optionalText.describe(
    'JSON file of demo accounts (shape in src/demo/demoDirectory.ts); the bundled sample when empty.',
  ),

  SMS_PROVIDER: z
    .enum(['console', 'webhook'])
    .optional()
    .describe(
      '`console` prints the SMS on the terminal (demo default); `webhook` POSTs it to an HTTPS gateway.',
    ),
  SMS_WEBHOOK_URL: optionalText.describe(
    'Gateway URL for `SMS_PROVIDER=webhook`; receives `{"to","message"}` JSON.',
  ),
  SMS_WEBHOOK_HEADERS: optionalText.describe(
    'Extra request headers for the webhook as a JSON object, e.g. `{"Authorization":"Bearer …"}`.',
  ),
  SMS_WEBHOOK_TIMEOUT_MS: int(5000, 100, 14000).describe('Give up on the SMS gateway after this long.'),
  ORG_NAME: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .default('Kommunen')
    .describe('Organisation name used in the SMS.'),

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

  PLAYGROUND: z
    .enum(['auto', 'true', 'false'])
    .default('auto')
    .describe(
      'Start Microsoft 365 Agents Playground next to the bot: `auto` = only in the all-defaults demo.',
    ),
  PLAYGROUND_PORT: int(56150, 1, 65535).describe('Port of the Agents Playground web client.'),
  PLAYGROUND_LOCALE: z
    .string()
    .default('sv-SE')
    .describe('Locale the Playground sends (`en-US` for English).'),
});

export type Settings = z.infer<typeof settingsSchema>;
