import { z } from 'zod';
import { int, optionalText, problem, urlWith, type ConfigContext } from './fields';

export const serverSettings = z.object({
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
  PUBLIC_URL: optionalText.describe(
    'The public https base URL of the bot (e.g. `https://reset.kommun.se`): links in alerts and the Entra sign-in redirect (`<PUBLIC_URL>/helpdesk/auth/callback`) use it. Empty outside production: `http://127.0.0.1:<PORT>`.',
  ),
});

export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: z.infer<typeof serverSettings>['LOG_LEVEL'];
  /** Base URL (no trailing slash) for links in alerts and the sign-in redirect. */
  readonly publicUrl: string;
  /** PUBLIC_URL was given; otherwise the app uses the address it actually listens on (PORT=0 in tests). */
  readonly publicUrlSet: boolean;
}

/** Links must work from a phone in Teams: https in production, the local server otherwise. */
export const serverConfig = ({ production }: ConfigContext) =>
  serverSettings
    .superRefine(({ PUBLIC_URL: value }, context) => {
      if (value === undefined) {
        if (production)
          problem(context, 'PUBLIC_URL', 'required in production (links in alerts, sign-in redirect)');
        return;
      }
      const url = urlWith(value, ['http:', 'https:']);
      if (url === undefined) return problem(context, 'PUBLIC_URL', 'must be an http(s):// URL');
      if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '')
        problem(context, 'PUBLIC_URL', 'only scheme, host and path (no query, fragment or user)');
      if (production && url.protocol !== 'https:')
        problem(context, 'PUBLIC_URL', 'must be https in production');
    })
    .transform((settings): ServerConfig => ({
      port: settings.PORT,
      host: settings.HOST,
      logLevel: settings.LOG_LEVEL,
      publicUrl: settings.PUBLIC_URL?.replace(/\/+$/, '') ?? `http://127.0.0.1:${settings.PORT}`,
      publicUrlSet: settings.PUBLIC_URL !== undefined,
    }));
