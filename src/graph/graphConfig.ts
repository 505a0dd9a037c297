import type { Settings } from '../config/schema';
import { isGuid } from '../lib/guid';

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
  /** CA certificates (PEM file) trusted for both hosts instead of the public ones (`privateCaAgent`). */
  readonly caFile?: string;
  readonly timeoutMs: number;
  readonly defaultUpnSuffix?: string;
  readonly allowDirectoryMobile: boolean;
}

const DOMAIN = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** The Graph settings as one typed value; every problem is pushed so startup lists them all. */
export function graphConfigFrom(settings: Settings, problems: string[]): GraphConfig {
  const tenantId = settings.GRAPH_TENANT_ID ?? '';
  if (!tenantId) problems.push('GRAPH_TENANT_ID: required for DIRECTORY=graph');
  else if (!isGuid(tenantId) && !DOMAIN.test(tenantId))
    problems.push('GRAPH_TENANT_ID: expected the tenant GUID (or its primary domain)');

  const baseUrl = httpsUrl('GRAPH_BASE_URL', settings.GRAPH_BASE_URL, problems);
  const authorityHost = httpsUrl('GRAPH_AUTHORITY_HOST', settings.GRAPH_AUTHORITY_HOST, problems);
  const suffix = settings.DEFAULT_UPN_SUFFIX?.replace(/^@/, '');
  if (suffix !== undefined && !DOMAIN.test(suffix))
    problems.push('DEFAULT_UPN_SUFFIX: expected a domain such as kommun.se');

  return {
    tenantId,
    credential: credentialFrom(settings, problems),
    baseUrl,
    authorityHost,
    ...(settings.GRAPH_CA_FILE !== undefined ? { caFile: settings.GRAPH_CA_FILE } : {}),
    timeoutMs: settings.GRAPH_TIMEOUT_MS,
    ...(suffix !== undefined ? { defaultUpnSuffix: suffix.toLowerCase() } : {}),
    allowDirectoryMobile: settings.SMS_ALLOW_DIRECTORY_MOBILE === 'true',
  };
}

function credentialFrom(settings: Settings, problems: string[]): GraphCredentialConfig {
  const clientId = settings.GRAPH_CLIENT_ID;
  const secret = settings.GRAPH_CLIENT_SECRET;
  const certificateFile = settings.GRAPH_CLIENT_CERTIFICATE_FILE;
  if (secret !== undefined && certificateFile !== undefined)
    problems.push('GRAPH_CLIENT_SECRET: set either it or GRAPH_CLIENT_CERTIFICATE_FILE, not both');
  if ((secret !== undefined || certificateFile !== undefined) && clientId === undefined)
    problems.push('GRAPH_CLIENT_ID: required with GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE_FILE');
  if (certificateFile !== undefined)
    return { kind: 'client-certificate', clientId: clientId ?? '', certificateFile };
  if (secret !== undefined) return { kind: 'client-secret', clientId: clientId ?? '', secret };
  const managedId = settings.GRAPH_MANAGED_IDENTITY_CLIENT_ID;
  return { kind: 'managed-identity', ...(managedId !== undefined ? { clientId: managedId } : {}) };
}

function httpsUrl(key: string, value: string, problems: string[]): URL {
  const url = new URL(value);
  // Tokens travel to both hosts: never over plain HTTP (the emulator serves HTTPS too).
  if (url.protocol !== 'https:') problems.push(`${key}: must be an https:// URL`);
  return url;
}
