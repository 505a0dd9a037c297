import { z } from 'zod';
import { flag, int, optionalText, problem } from './fields';
import { isGuid } from '../lib/guid';

export const graphSettings = z.object({
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
  SMS_ALLOW_DIRECTORY_MOBILE: flag('false').describe(
    'Fall back to the directory `mobilePhone` when no mobile authentication phone method exists.',
  ),
});

export type GraphCredentialConfig =
  | { readonly kind: 'client-secret'; readonly clientId: string; readonly secret: string }
  | { readonly kind: 'client-certificate'; readonly clientId: string; readonly certificateFile: string }
  | { readonly kind: 'managed-identity'; readonly clientId?: string };

export interface GraphConfig {
  readonly tenantId: string;
  readonly credential: GraphCredentialConfig;
  /** Graph endpoint with its version, e.g. `https://graph.microsoft.com/v1.0`. */
  readonly baseUrl: URL;
  readonly authorityHost: URL;
  /** Extra trusted CA certificates (PEM file) for both hosts. */
  readonly caFile?: string;
  readonly timeoutMs: number;
  readonly defaultUpnSuffix?: string;
  readonly allowDirectoryMobile: boolean;
}

type GraphSettings = z.infer<typeof graphSettings>;

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** The Graph rules, for `DIRECTORY=graph` and `hybrid`. */
export function checkGraph(settings: GraphSettings, context: z.RefinementCtx): void {
  const tenantId = settings.GRAPH_TENANT_ID;
  if (tenantId === undefined) problem(context, 'GRAPH_TENANT_ID', 'required for DIRECTORY=graph');
  else if (!isGuid(tenantId) && !DOMAIN.test(tenantId))
    problem(context, 'GRAPH_TENANT_ID', 'expected the tenant GUID (or its primary domain)');
  // Tokens travel to both hosts: never over plain HTTP (the emulator serves HTTPS too).
  for (const key of ['GRAPH_BASE_URL', 'GRAPH_AUTHORITY_HOST'] as const) {
    if (new URL(settings[key]).protocol !== 'https:') problem(context, key, 'must be an https:// URL');
  }
  const suffix = upnSuffix(settings);
  if (suffix !== undefined && !DOMAIN.test(suffix))
    problem(context, 'DEFAULT_UPN_SUFFIX', 'expected a domain such as kommun.se');
  const { GRAPH_CLIENT_ID: clientId, GRAPH_CLIENT_SECRET: secret } = settings;
  const certificateFile = settings.GRAPH_CLIENT_CERTIFICATE_FILE;
  if (secret !== undefined && certificateFile !== undefined)
    problem(context, 'GRAPH_CLIENT_SECRET', 'set either it or GRAPH_CLIENT_CERTIFICATE_FILE, not both');
  if ((secret !== undefined || certificateFile !== undefined) && clientId === undefined)
    problem(context, 'GRAPH_CLIENT_ID', 'required with GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_FILE');
}

/** Only called once `checkGraph` found nothing wrong. */
export function graphConfigFrom(settings: GraphSettings): GraphConfig {
  const suffix = upnSuffix(settings);
  return {
    tenantId: settings.GRAPH_TENANT_ID ?? '',
    credential: credentialFrom(settings),
    baseUrl: new URL(settings.GRAPH_BASE_URL),
    authorityHost: new URL(settings.GRAPH_AUTHORITY_HOST),
    ...(settings.GRAPH_CA_FILE !== undefined ? { caFile: settings.GRAPH_CA_FILE } : {}),
    timeoutMs: settings.GRAPH_TIMEOUT_MS,
    ...(suffix !== undefined ? { defaultUpnSuffix: suffix.toLowerCase() } : {}),
    allowDirectoryMobile: settings.SMS_ALLOW_DIRECTORY_MOBILE === 'true',
  };
}

function upnSuffix(settings: GraphSettings): string | undefined {
  return settings.DEFAULT_UPN_SUFFIX?.replace(/^@/, '');
}

function credentialFrom(settings: GraphSettings): GraphCredentialConfig {
  const clientId = settings.GRAPH_CLIENT_ID ?? '';
  const certificateFile = settings.GRAPH_CLIENT_CERTIFICATE_FILE;
  if (certificateFile !== undefined) return { kind: 'client-certificate', clientId, certificateFile };
  const secret = settings.GRAPH_CLIENT_SECRET;
  if (secret !== undefined) return { kind: 'client-secret', clientId, secret };
  const managedId = settings.GRAPH_MANAGED_IDENTITY_CLIENT_ID;
  return { kind: 'managed-identity', ...(managedId !== undefined ? { clientId: managedId } : {}) };
}
