import { accessSync, constants } from 'node:fs';
import type { Settings } from '../config/schema';

export interface AdConfig {
  /** Tried in order; `ldap://` ones always upgrade with StartTLS. */
  readonly urls: readonly string[];
  readonly baseDn: string;
  readonly bindDn: string;
  readonly bindPassword: string;
  readonly caFile?: string;
  readonly timeoutMs: number;
  readonly enforceHistory: boolean;
  readonly mobileAttribute: string;
  readonly allowProtected: boolean;
  readonly aadObjectIdAttribute?: string;
}

/** An LDAP attribute name (it goes into filters and attribute lists as is). */
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

/** The AD settings as one typed value; every problem is pushed so startup lists them all. */
export function adConfigFrom(settings: Settings, problems: string[]): AdConfig {
  const urls = (settings.AD_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
  if (urls.length === 0) problems.push('AD_URLS: required for DIRECTORY=ad (comma-separated ldaps:// URLs)');
  for (const url of urls) {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      problems.push(`AD_URLS: "${url}" is not a URL`);
      continue;
    }
    if (protocol !== 'ldaps:' && protocol !== 'ldap:')
      problems.push(
        `AD_URLS: "${url}" must be ldaps:// (or ldap://, which is always upgraded with StartTLS)`,
      );
  }
  for (const key of ['AD_BASE_DN', 'AD_BIND_DN', 'AD_BIND_PASSWORD'] as const) {
    if (settings[key] === undefined) problems.push(`${key}: required for DIRECTORY=ad`);
  }
  const caFile = settings.AD_CA_FILE;
  if (caFile !== undefined && !isReadable(caFile)) problems.push('AD_CA_FILE: not a readable file');
  if (!ATTRIBUTE.test(settings.AD_MOBILE_ATTRIBUTE))
    problems.push('AD_MOBILE_ATTRIBUTE: not an LDAP attribute name');
  const aadAttribute = settings.AD_AAD_OBJECT_ID_ATTRIBUTE;
  if (aadAttribute !== undefined && !ATTRIBUTE.test(aadAttribute))
    problems.push('AD_AAD_OBJECT_ID_ATTRIBUTE: not an LDAP attribute name');

  return {
    urls,
    baseDn: settings.AD_BASE_DN ?? '',
    bindDn: settings.AD_BIND_DN ?? '',
    bindPassword: settings.AD_BIND_PASSWORD ?? '',
    ...(caFile !== undefined ? { caFile } : {}),
    timeoutMs: settings.AD_TIMEOUT_MS,
    enforceHistory: settings.AD_ENFORCE_HISTORY === 'true',
    mobileAttribute: settings.AD_MOBILE_ATTRIBUTE,
    allowProtected: settings.AD_ALLOW_PROTECTED === 'true',
    ...(aadAttribute !== undefined ? { aadObjectIdAttribute: aadAttribute } : {}),
  };
}

function isReadable(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
