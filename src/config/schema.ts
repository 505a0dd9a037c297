import { z } from 'zod';
import { MAX_ORG_NAME_LENGTH, orgNameProblem } from '../sms/message';

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
  BotOpenIdMetadata: optionalText.describe(
    "OpenID configuration URL whose keys sign the channel tokens (botbuilder's setting); empty = the public cloud's. For tests and sovereign clouds.",
  ),

  DIRECTORY: z
    .enum(['demo', 'graph', 'ad', 'hybrid'])
    .optional()
    .describe(
      'Where accounts live. `demo`: a JSON file (the default outside production); `graph`: cloud-only Entra ID; `ad`: on-prem AD only; `hybrid`: Graph finds accounts, synced ones are written in AD (needs the GRAPH_* and AD_* settings).',
    ),
  DEMO_DIRECTORY_FILE: optionalText.describe(
    'JSON file of demo accounts (shape in src/demo/demoDirectory.ts); the bundled sample when empty.',
  ),

  GRAPH_TENANT_ID: optionalText.describe('Entra tenant id (GUID) for Microsoft Graph (`DIRECTORY=graph`).'),
  GRAPH_CLIENT_ID: optionalText.describe(
    'App (client) id of the Graph app registration (with a client secret or certificate).',
  ),
  GRAPH_MANAGED_IDENTITY_CLIENT_ID: optionalText.describe(
    'Client id of a user-assigned managed identity; used when neither secret nor certificate is set (empty: system-assigned).',
  ),
  GRAPH_CLIENT_SECRET: optionalText.describe(
    'Client secret of the Graph app (prefer a certificate or managed identity).',
  ),
  GRAPH_CLIENT_CERTIFICATE_FILE: optionalText.describe(
    "PEM file with the Graph app's certificate and private key (client-certificate authentication).",
  ),
  GRAPH_BASE_URL: z
    .string()
    .url()
    .default('https://graph.microsoft.com/v1.0')
    .describe('Microsoft Graph endpoint incl. version (national clouds, or the test emulator).'),
  GRAPH_AUTHORITY_HOST: z
    .string()
    .url()
    .default('https://login.microsoftonline.com')
    .describe('Entra ID token authority (national clouds, or the test emulator).'),
  GRAPH_CA_FILE: optionalText.describe(
    'Extra PEM CA certificate(s) trusted for Graph and the authority (a TLS-inspecting proxy, the test emulator).',
  ),
  GRAPH_TIMEOUT_MS: int(8000, 500, 14000).describe(
    'Total time a Graph read may take, retries included; writes get one attempt of this length.',
  ),
  DEFAULT_UPN_SUFFIX: optionalText.describe(
    'Domain appended to a bare username not found as sAMAccountName, e.g. `kommun.se`.',
  ),
  SMS_ALLOW_DIRECTORY_MOBILE: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Fall back to the directory `mobilePhone` when no mobile authentication phone method exists.'),

  AD_URLS: optionalText.describe(
    'Domain controllers for `DIRECTORY=ad`, comma-separated, tried in order: `ldaps://dc1.kommun.local,ldaps://dc2.kommun.local` (`ldap://` is always upgraded with StartTLS).',
  ),
  AD_BASE_DN: optionalText.describe('Where accounts are searched, e.g. `OU=Anställda,DC=kommun,DC=local`.'),
  AD_BIND_DN: optionalText.describe(
    'DN of the service account (delegated "Reset Password" and Write `lockoutTime` on the employees\' OU).',
  ),
  AD_BIND_PASSWORD: optionalText.describe('Password of the AD service account. Keep it in Key Vault.'),
  AD_CA_FILE: optionalText.describe(
    "PEM file of the CA that issued the domain controllers' certificates (the system CAs when empty).",
  ),
  AD_ENFORCE_HISTORY: z
    .enum(['true', 'false'])
    .default('true')
    .describe(
      'Send the policy-hints control (critical) so AD applies password history to resets; `false` only for DCs that lack it (Samba), accepting reuse.',
    ),
  AD_MOBILE_ATTRIBUTE: z
    .string()
    .trim()
    .default('mobile')
    .describe('AD attribute holding the mobile number the code is sent to.'),
  AD_TIMEOUT_MS: int(4000, 500, 7000).describe(
    'Per domain controller: connecting (TLS included) and each LDAP operation; a turn may try every DC.',
  ),
  AD_ALLOW_PROTECTED: z
    .enum(['true', 'false'])
    .default('false')
    .describe('Serve accounts in AD protected groups (adminCount=1, e.g. Domain Admins). Not recommended.'),
  AD_AAD_OBJECT_ID_ATTRIBUTE: optionalText.describe(
    'AD attribute holding the Entra object id, to offer a Teams user their own account (`msDS-ExternalDirectoryObjectId`, written back by Entra Connect); none when empty.',
  ),

  DOCTOR_TEST_ACCOUNT: optionalText.describe(
    'Username (sAMAccountName or UPN) of an ordinary employee account that `npm run doctor` looks up (read only) to check the Graph and AD settings and rights.',
  ),

  SMS_PROVIDER: z
    .enum(['console', 'webhook', 'acs'])
    .optional()
    .describe(
      '`console` prints the SMS on the terminal (demo default); `acs` sends through Azure Communication Services; `webhook` sends to an HTTPS gateway.',
    ),
  SMS_FROM: optionalText.describe(
    'Sender shown on the phone for `SMS_PROVIDER=acs`: an alphanumeric sender id (1–11 letters, digits, spaces; at least one letter) or an E.164 number the ACS resource owns.',
  ),
  ACS_CONNECTION_STRING: optionalText.describe(
    'ACS connection string (`endpoint=https://…;accesskey=…`) for `SMS_PROVIDER=acs`. Keep it in Key Vault; or use `ACS_ENDPOINT` with a managed identity instead.',
  ),
  ACS_ENDPOINT: optionalText.describe(
    'ACS endpoint (`https://<resource>.communication.azure.com`) when authenticating with Entra ID instead of a connection string.',
  ),
  ACS_MANAGED_IDENTITY_CLIENT_ID: optionalText.describe(
    'Client id of the user-assigned managed identity for `ACS_ENDPOINT`; empty = DefaultAzureCredential (system-assigned identity, Azure CLI, …).',
  ),
  SMS_WEBHOOK_URL: optionalText.describe(
    'Gateway URL for `SMS_PROVIDER=webhook` (https; plain http only to loopback).',
  ),
  SMS_WEBHOOK_METHOD: z.enum(['POST', 'PUT']).default('POST').describe('HTTP method for the webhook.'),
  SMS_WEBHOOK_HEADERS: optionalText.describe(
    'Extra request headers for the webhook as a JSON object, e.g. `{"Authorization":"Bearer …"}`.',
  ),
  SMS_WEBHOOK_BODY_TEMPLATE: optionalText.describe(
    'JSON body for the webhook with `{{to}}`, `{{message}}`, `{{caseId}}` placeholders in string values, e.g. `{"recipient":"{{to}}","text":"{{message}}","sender":"Kommunen"}`. Default `{"to":"{{to}}","message":"{{message}}"}`.',
  ),
  SMS_WEBHOOK_CA_FILE: optionalText.describe(
    'PEM file of the CA(s) to trust for the webhook instead of the public ones (a gateway behind a private CA).',
  ),
  SMS_TIMEOUT_MS: int(5000, 100, 14000).describe(
    "Give up on the SMS provider after this long (retries included); keeps the turn inside Teams' 15 s.",
  ),
  SMS_ALLOWED_COUNTRIES: z
    .string()
    .default('SE')
    .describe('Comma-separated country codes whose mobile numbers may receive codes (`SE`, `SE,NO`).'),
  SMS_HOURLY_BUDGET: int(200, 1, 100_000).describe(
    'Codes the whole service sends per hour at most (toll-fraud and cost guard); beyond it users are sent to the service desk.',
  ),
  ORG_NAME: z
    .string()
    .trim()
    .min(1)
    .superRefine((name, context) => {
      const problem = orgNameProblem(name);
      if (problem !== undefined) context.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    })
    .default('Kommunen')
    .describe(
      `Organisation name used in the SMS: at most ${MAX_ORG_NAME_LENGTH} characters of the GSM-7 alphabet, so the code SMS stays one segment.`,
    ),

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

  // Abuse resistance (SECURITY.md).
  ALLOWED_CHANNELS: z
    .string()
    .trim()
    .default('msteams')
    .describe(
      'Comma-separated Bot Framework channel ids the bot answers (`channelId`); others (Web Chat, Direct Line, ...) are dropped before any dialog, since the tenant and own-account checks trust what the channel says.',
    ),
  ALLOWED_TENANT_IDS: optionalText.describe(
    'Comma-separated Entra tenant ids allowed to talk to the bot; defaults to MicrosoftAppTenantId. Required in production.',
  ),
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

  // Storage and retention (README "Storage and retention (gallring)").
  STORAGE: z
    .enum(['sqlite', 'azure', 'memory'])
    .default('sqlite')
    .describe(
      'Where bot state, cases, audit and transcripts live: `sqlite` (one file, survives restarts), `azure` (Blob + Table Storage, shared by several instances) or `memory` (lost on restart; unit tests only).',
    ),
  SQLITE_FILE: z
    .string()
    .trim()
    .min(1)
    .default('./data/reset-assistant.sqlite')
    .describe('The SQLite database file for `STORAGE=sqlite`; its folder is created if missing. Back it up.'),
  AZURE_STORAGE_CONNECTION_STRING: optionalText.describe(
    'Storage account connection string for `STORAGE=azure` (Azurite, or where managed identity is not possible); keep it in Key Vault. Without it the two URLs below and a managed identity are used.',
  ),
  AZURE_STORAGE_BLOB_URL: optionalText.describe(
    'Blob endpoint (`https://<account>.blob.core.windows.net/`) for `STORAGE=azure` with managed identity (`AZURE_CLIENT_ID` picks a user-assigned one); bot state and transcripts.',
  ),
  AZURE_STORAGE_TABLE_URL: optionalText.describe(
    'Table endpoint (`https://<account>.table.core.windows.net/`) for `STORAGE=azure` with managed identity; cases and audit.',
  ),
  TRANSCRIPT_RETENTION_DAYS: int(30, 1, 3650).describe(
    'Days redacted transcripts (and idle bot state) are kept before the hourly purge deletes them.',
  ),
  AUDIT_RETENTION_DAYS: int(365, 1, 3650).describe(
    'Days audit events and case records are kept before the hourly purge deletes them.',
  ),

  // The service desk's view and alerts (README "Service desk").
  PUBLIC_URL: optionalText.describe(
    'The public https base URL of the bot (e.g. `https://reset.kommun.se`): links in alerts and the Entra sign-in redirect (`<PUBLIC_URL>/helpdesk/auth/callback`) use it. Empty outside production: `http://127.0.0.1:<PORT>`.',
  ),
  HELPDESK_TENANT_ID: optionalText.describe(
    'Entra tenant of the service-desk sign-in; `MicrosoftAppTenantId` when empty.',
  ),
  HELPDESK_CLIENT_ID: optionalText.describe(
    'App (client) id of the web app registration the service desk signs in with (authorization code + PKCE). Empty outside production: a one-time sign-in link is printed at startup instead.',
  ),
  HELPDESK_CLIENT_SECRET: optionalText.describe(
    'Client secret of that app registration. Keep it in Key Vault.',
  ),
  HELPDESK_AUTHORITY_HOST: z
    .string()
    .trim()
    .default('https://login.microsoftonline.com')
    .describe('Entra sign-in host (sovereign clouds; tests point it at a local issuer).'),
  HELPDESK_CA_FILE: optionalText.describe(
    'PEM file of the CA(s) to trust for the sign-in host instead of the public ones (tests, TLS inspection).',
  ),
  HELPDESK_ROLE: z
    .string()
    .trim()
    .min(1)
    .default('Helpdesk')
    .describe('App role (in the `roles` claim) that lets a user into `/helpdesk`.'),
  HELPDESK_GROUP_ID: optionalText.describe(
    'Entra group object id whose members may also use `/helpdesk` (the `groups` claim must be configured on the app).',
  ),
  HELPDESK_SESSION_SECRET: optionalText.describe(
    'Secret key (≥ 32 characters) that signs service-desk session cookies; the same on every instance. Random per start outside production.',
  ),
  HELPDESK_SESSION_HOURS: int(8, 1, 24).describe('How long a service-desk sign-in lasts.'),
  ALERT_TEAM_ID: optionalText.describe(
    "Teams team id (`19:…@thread.tacv2`) of the service desk's team: when the bot is installed there it remembers the channel for alerts. Required in production unless ALERT_CHANNEL_ID is set (otherwise any team that installs the bot would get the alerts).",
  ),
  ALERT_CHANNEL_ID: optionalText.describe(
    'Teams channel id (`19:…@thread.tacv2`) to post alerts in, instead of the one learnt at install.',
  ),
  ALERT_SERVICE_URL: z
    .string()
    .trim()
    .default('https://smba.trafficmanager.net/teams/')
    .describe('Bot Connector service URL for a configured ALERT_CHANNEL_ID.'),

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
