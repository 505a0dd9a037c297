import { z } from 'zod';
import { botSettings, tenantAllowList } from './bot';
import { directoryKind, directorySettings } from './directory';
import { problem, type ConfigContext } from './fields';
import { smsProvider, smsSettings } from './sms';

const authenticationInput = z.object({
  MicrosoftAppId: botSettings.shape.MicrosoftAppId,
  MicrosoftAppTenantId: botSettings.shape.MicrosoftAppTenantId,
  ALLOWED_TENANT_IDS: botSettings.shape.ALLOWED_TENANT_IDS,
  ALLOW_UNAUTHENTICATED_REQUESTS: botSettings.shape.ALLOW_UNAUTHENTICATED_REQUESTS,
  DIRECTORY: directorySettings.shape.DIRECTORY,
  SMS_PROVIDER: smsSettings.shape.SMS_PROVIDER,
});

/**
 * Without MicrosoftAppId no JWT is checked, so anyone who reaches the port can post an activity with any
 * `from.aadObjectId`. Harmless against the demo directory and the console; against real accounts or a real
 * SMS provider it is refused outside production too, unless the operator says so
 * (ALLOW_UNAUTHENTICATED_REQUESTS=true). Production already requires both (bot.ts).
 */
export const authenticationRule = (context: ConfigContext) =>
  authenticationInput.superRefine((settings, issues) => {
    if (context.production || settings.ALLOW_UNAUTHENTICATED_REQUESTS === 'true') return;
    const directory = directoryKind(settings, context);
    const sms = smsProvider(settings, context);
    const real = [
      ...(directory !== undefined && directory !== 'demo' ? [`DIRECTORY=${directory}`] : []),
      ...(sms !== undefined && sms !== 'console' ? [`SMS_PROVIDER=${sms}`] : []),
    ];
    if (real.length === 0) return;
    const why = `with ${real.join(' and ')}: requests reaching real accounts must be authenticated (ALLOW_UNAUTHENTICATED_REQUESTS=true runs without, outside production only)`;
    if (settings.MicrosoftAppId === undefined) problem(issues, 'MicrosoftAppId', `required ${why}`);
    else if (tenantAllowList(settings).length === 0)
      problem(issues, 'ALLOWED_TENANT_IDS', `required (or MicrosoftAppTenantId) ${why}`);
  });
