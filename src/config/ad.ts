import { z } from 'zod';
import { flag, int, isReadableFile, optionalText, problem } from './fields';

export const adSettings = z.object({
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
  AD_ENFORCE_HISTORY: flag('true').describe(
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
  AD_ALLOW_PROTECTED: flag('false').describe(
    'Serve accounts in AD protected groups (adminCount=1, e.g. Domain Admins). Not recommended.',
  ),
  AD_AAD_OBJECT_ID_ATTRIBUTE: optionalText.describe(
    'AD attribute holding the Entra object id, to offer a Teams user their own account (`msDS-ExternalDirectoryObjectId`, written back by Entra Connect); none when empty.',
  ),
});

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

type AdSettings = z.infer<typeof adSettings>;

/** An LDAP attribute name (it goes into filters and attribute lists as is). */
const ATTRIBUTE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

function urlsOf(settings: AdSettings): string[] {
  return (settings.AD_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => url !== '');
}

/** The AD rules, for `DIRECTORY=ad` and `hybrid`. */
export function checkAd(settings: AdSettings, context: z.RefinementCtx): void {
  const urls = urlsOf(settings);
  if (urls.length === 0)
    problem(context, 'AD_URLS', 'required for DIRECTORY=ad (comma-separated ldaps:// URLs)');
  for (const url of urls) {
    if (!URL.canParse(url)) {
      problem(context, 'AD_URLS', `"${url}" is not a URL`);
      continue;
    }
    const { protocol } = new URL(url);
    if (protocol !== 'ldaps:' && protocol !== 'ldap:')
      problem(
        context,
        'AD_URLS',
        `"${url}" must be ldaps:// (or ldap://, which is always upgraded with StartTLS)`,
      );
  }
  for (const key of ['AD_BASE_DN', 'AD_BIND_DN', 'AD_BIND_PASSWORD'] as const) {
    if (settings[key] === undefined) problem(context, key, 'required for DIRECTORY=ad');
  }
  if (settings.AD_CA_FILE !== undefined && !isReadableFile(settings.AD_CA_FILE))
    problem(context, 'AD_CA_FILE', 'not a readable file');
  if (!ATTRIBUTE.test(settings.AD_MOBILE_ATTRIBUTE))
    problem(context, 'AD_MOBILE_ATTRIBUTE', 'not an LDAP attribute name');
  const aadAttribute = settings.AD_AAD_OBJECT_ID_ATTRIBUTE;
  if (aadAttribute !== undefined && !ATTRIBUTE.test(aadAttribute))
    problem(context, 'AD_AAD_OBJECT_ID_ATTRIBUTE', 'not an LDAP attribute name');
}

/** Only called once `checkAd` found nothing wrong. */
export function adConfigFrom(settings: AdSettings): AdConfig {
  const caFile = settings.AD_CA_FILE;
  const aadAttribute = settings.AD_AAD_OBJECT_ID_ATTRIBUTE;
  return {
    urls: urlsOf(settings),
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
