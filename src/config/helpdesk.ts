import { z } from 'zod';
import { botSettings } from './bot';
import { int, isReadableFile, optionalText, problem, urlWith, type ConfigContext } from './fields';
import { isGuid } from '../lib/guid';
import { checkSecret, secretOrGenerated } from './secret';

/** The service desk's web view (README "Service desk"). */
export const helpdeskSettings = z.object({
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
});

export interface HelpdeskConfig {
  /** Entra sign-in (authorization code + PKCE); absent outside production = the one-time link. */
  readonly entra?: {
    readonly tenantId: string;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly authorityHost: string;
    readonly caFile?: string;
  };
  readonly role: string;
  readonly groupId?: string;
  readonly sessionSecret: string;
  readonly sessionSecretGenerated: boolean;
  readonly sessionHours: number;
  /** No Entra sign-in outside production: a one-time sign-in link is printed at startup. */
  readonly oneTimeLink: boolean;
}

// The sign-in falls back to the bot's own tenant.
const helpdeskInput = helpdeskSettings.extend({
  MicrosoftAppTenantId: botSettings.shape.MicrosoftAppTenantId,
});
type HelpdeskInput = z.infer<typeof helpdeskInput>;

const tenantOf = (settings: HelpdeskInput) => settings.HELPDESK_TENANT_ID ?? settings.MicrosoftAppTenantId;

export const helpdeskConfig = (context: ConfigContext) =>
  helpdeskInput
    .superRefine((settings, issues) => {
      const tenantId = tenantOf(settings);
      if (settings.HELPDESK_CLIENT_ID !== undefined) {
        if (tenantId === undefined)
          problem(issues, 'HELPDESK_TENANT_ID', 'required when HELPDESK_CLIENT_ID is set');
        else if (!isGuid(tenantId)) problem(issues, 'HELPDESK_TENANT_ID', 'must be the tenant id (GUID)');
        if (settings.HELPDESK_CLIENT_SECRET === undefined)
          problem(issues, 'HELPDESK_CLIENT_SECRET', 'required when HELPDESK_CLIENT_ID is set');
        const caFile = settings.HELPDESK_CA_FILE;
        if (caFile !== undefined && !isReadableFile(caFile))
          problem(issues, 'HELPDESK_CA_FILE', 'not a readable file');
        if (urlWith(settings.HELPDESK_AUTHORITY_HOST, ['https:']) === undefined)
          problem(issues, 'HELPDESK_AUTHORITY_HOST', 'must be an https:// URL');
      } else if (context.production) {
        problem(
          issues,
          'HELPDESK_CLIENT_ID',
          'required in production (the service desk signs in with Entra ID)',
        );
      }
      if (settings.HELPDESK_GROUP_ID !== undefined && !isGuid(settings.HELPDESK_GROUP_ID))
        problem(issues, 'HELPDESK_GROUP_ID', 'must be a group object id (GUID)');
      checkSecret('HELPDESK_SESSION_SECRET', settings.HELPDESK_SESSION_SECRET, context, issues);
    })
    .transform((settings): HelpdeskConfig => {
      const { HELPDESK_CLIENT_ID: clientId, HELPDESK_CLIENT_SECRET: clientSecret } = settings;
      const tenantId = tenantOf(settings);
      const caFile = settings.HELPDESK_CA_FILE;
      const { secret, generated } = secretOrGenerated(settings.HELPDESK_SESSION_SECRET);
      return {
        ...(clientId !== undefined && clientSecret !== undefined && tenantId !== undefined
          ? {
              entra: {
                tenantId,
                clientId,
                clientSecret,
                authorityHost: settings.HELPDESK_AUTHORITY_HOST.replace(/\/+$/, ''),
                ...(caFile !== undefined ? { caFile } : {}),
              },
            }
          : {}),
        role: settings.HELPDESK_ROLE,
        ...(settings.HELPDESK_GROUP_ID !== undefined
          ? { groupId: settings.HELPDESK_GROUP_ID.toLowerCase() }
          : {}),
        sessionSecret: secret,
        sessionSecretGenerated: generated,
        sessionHours: settings.HELPDESK_SESSION_HOURS,
        oneTimeLink: !context.production && clientId === undefined,
      };
    });
