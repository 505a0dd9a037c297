import { z } from 'zod';
import { flag, optionalText, problem, urlWith, type ConfigContext } from './fields';
import { isGuid } from '../lib/guid';

export const botSettings = z.object({
  MicrosoftAppId: optionalText.describe(
    'Bot app (client) id from the Azure Bot registration. Without it requests are not authenticated: only the all-defaults demo, or with ALLOW_UNAUTHENTICATED_REQUESTS=true outside production.',
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
  ALLOWED_TENANT_IDS: optionalText.describe(
    'Comma-separated Entra tenant ids allowed to talk to the bot; defaults to MicrosoftAppTenantId. Required in production.',
  ),
  ALLOWED_CHANNELS: z
    .string()
    .trim()
    .default('msteams')
    .describe(
      'Comma-separated Bot Framework channel ids the bot answers (`channelId`); others (Web Chat, Direct Line, ...) are dropped before any dialog, since the tenant and own-account checks trust what the channel says.',
    ),
  ALLOW_UNAUTHENTICATED_REQUESTS: flag('false').describe(
    'Outside production only: let a real directory (`DIRECTORY=graph|ad|hybrid`) or a real SMS provider run without MicrosoftAppId and a tenant allow-list, so anyone who reaches the port can act as any Teams user. For tests and local trials; announced at start and in `/readyz`. Refused in production.',
  ),
});

export interface BotConfig {
  readonly appId?: string;
  readonly appPassword?: string;
  readonly appType?: 'SingleTenant' | 'UserAssignedMSI';
  readonly tenantId?: string;
  /** Where the channel tokens' signing keys are published; absent = the public cloud's. */
  readonly openIdMetadataUrl?: string;
}

export interface BotAccess {
  readonly bot: BotConfig;
  /** Empty: every tenant (development only). */
  readonly allowedTenantIds: readonly string[];
  /** Bot Framework channel ids answered (`msteams` by default); activities of others are dropped. */
  readonly allowedChannels: readonly string[];
  /** ALLOW_UNAUTHENTICATED_REQUESTS=true: the operator accepted unauthenticated requests. */
  readonly allowUnauthenticated: boolean;
}

type BotSettings = z.infer<typeof botSettings>;

/** Single-tenant registration does not stop other tenants' users from reaching the bot: the allow-list does. */
export function listedTenants(settings: Pick<BotSettings, 'ALLOWED_TENANT_IDS'>): string[] {
  return (settings.ALLOWED_TENANT_IDS ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
}

/** Finding 9: the tenant and own-account checks trust `channelData`, which only Teams fills in for us. */
export function channelAllowList(settings: Pick<BotSettings, 'ALLOWED_CHANNELS'>): string[] {
  return settings.ALLOWED_CHANNELS.split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
}

export function tenantAllowList(
  settings: Pick<BotSettings, 'ALLOWED_TENANT_IDS' | 'MicrosoftAppTenantId'>,
): string[] {
  const listed = listedTenants(settings);
  if (listed.length > 0) return listed;
  return settings.MicrosoftAppTenantId ? [settings.MicrosoftAppTenantId.toLowerCase()] : [];
}

export const botConfig = ({ production }: ConfigContext) =>
  botSettings
    .superRefine((settings, context) => {
      const { MicrosoftAppId: appId, MicrosoftAppType: appType } = settings;
      if (appId === undefined) {
        if (production)
          problem(context, 'MicrosoftAppId', 'required in production (requests must be authenticated)');
      } else {
        if (appType === 'MultiTenant')
          problem(
            context,
            'MicrosoftAppType',
            'MultiTenant bots can no longer be created; use SingleTenant or UserAssignedMSI',
          );
        if (appType === undefined)
          problem(context, 'MicrosoftAppType', 'required when MicrosoftAppId is set');
        if (settings.MicrosoftAppTenantId === undefined)
          problem(context, 'MicrosoftAppTenantId', 'required when MicrosoftAppId is set');
        if (appType === 'SingleTenant' && settings.MicrosoftAppPassword === undefined)
          problem(context, 'MicrosoftAppPassword', 'required for MicrosoftAppType=SingleTenant');
        // A token-signing key source other than Microsoft's is a test or sovereign-cloud setting.
        const metadata = settings.BotOpenIdMetadata;
        if (metadata !== undefined) {
          if (!URL.canParse(metadata)) problem(context, 'BotOpenIdMetadata', 'not a URL');
          else if (urlWith(metadata, production ? ['https:'] : ['https:', 'http:']) === undefined)
            problem(context, 'BotOpenIdMetadata', 'must be an https:// URL');
        }
      }
      for (const id of listedTenants(settings)) {
        if (!isGuid(id))
          problem(context, 'ALLOWED_TENANT_IDS', `"${id.slice(0, 40)}" is not a tenant id (GUID)`);
      }
      const channels = channelAllowList(settings);
      for (const id of channels) {
        if (!/^[a-z0-9_.-]{1,50}$/.test(id))
          problem(context, 'ALLOWED_CHANNELS', `"${id.slice(0, 40)}" is not a channel id`);
      }
      if (channels.length === 0) problem(context, 'ALLOWED_CHANNELS', 'name at least one channel (msteams)');
      if (production && tenantAllowList(settings).length === 0)
        problem(context, 'ALLOWED_TENANT_IDS', 'required in production (or set MicrosoftAppTenantId)');
      if (production && settings.ALLOW_UNAUTHENTICATED_REQUESTS === 'true')
        problem(context, 'ALLOW_UNAUTHENTICATED_REQUESTS', 'not allowed in production');
    })
    .transform((settings): BotAccess => {
      const {
        MicrosoftAppId: appId,
        MicrosoftAppPassword: appPassword,
        MicrosoftAppType: appType,
      } = settings;
      const tenantId = settings.MicrosoftAppTenantId;
      const metadata = settings.BotOpenIdMetadata;
      const bot: BotConfig =
        appId === undefined
          ? {}
          : {
              appId,
              ...(appPassword !== undefined ? { appPassword } : {}),
              ...(appType === 'SingleTenant' || appType === 'UserAssignedMSI' ? { appType } : {}),
              ...(tenantId !== undefined ? { tenantId } : {}),
              ...(metadata !== undefined ? { openIdMetadataUrl: new URL(metadata).href } : {}),
            };
      return {
        bot,
        allowedTenantIds: tenantAllowList(settings),
        allowedChannels: channelAllowList(settings),
        allowUnauthenticated: settings.ALLOW_UNAUTHENTICATED_REQUESTS === 'true',
      };
    });
