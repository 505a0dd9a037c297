import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Client, InvalidCredentialsError, SizeLimitExceededError } from 'ldapts';
import type { AdConfig } from '../config';
import { accountFilter, upnFilter } from '../ad/ldapFilter';
import { errorText } from '../lib/errorText';
import { readCaFile } from '../lib/privateCa';
import { POLICY_HINTS_OID } from '../ad/policyHintsControl';
import { fail, pass, warn, type CheckResult } from './checklist';
import { ownNumberWrite } from './ownNumberCheck';
import { daclEntries, resetPasswordRight, sidToString, WELL_KNOWN_SIDS } from './securityDescriptor';
import { SdFlagsControl } from './sdFlagsControl';

/** Each domain controller separately (failover hides a broken one until the day it is needed); reads only. */
export async function checkDomainControllers(
  config: AdConfig,
  testAccount: string | undefined,
): Promise<{ heading: string; results: CheckResult[] }[]> {
  const ca = config.caFile !== undefined ? readCaFile(config.caFile) : undefined;
  const sections = [];
  for (const url of config.urls) {
    sections.push({
      heading: `Active Directory ${url}`,
      results: await checkDomainController(url, config, ca, testAccount),
    });
  }
  return sections;
}

async function checkDomainController(
  url: string,
  config: AdConfig,
  ca: string | undefined,
  testAccount: string | undefined,
): Promise<CheckResult[]> {
  const tls: ConnectionOptions = { minVersion: 'TLSv1.2', ...(ca ? { ca } : {}) };
  const client = new Client({
    url,
    timeout: config.timeoutMs,
    connectTimeout: config.timeoutMs,
    ...(url.startsWith('ldaps:') ? { tlsOptions: tls } : {}),
  });
  try {
    const bound = await bind(client, url, config, tls);
    if (bound.status === 'fail') return [bound];
    const results = [bound, await historyEnforcement(client, config)];
    if (testAccount === undefined) {
      results.push(
        warn(
          'Rights on employee accounts',
          'not checked: no test account configured',
          'set DOCTOR_TEST_ACCOUNT to an ordinary employee account under AD_BASE_DN',
        ),
      );
      return results;
    }
    return [...results, ...(await accountRights(client, config, testAccount))];
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function bind(
  client: Client,
  url: string,
  config: AdConfig,
  tls: ConnectionOptions,
): Promise<CheckResult> {
  const title = 'Connect over TLS and bind';
  try {
    if (url.startsWith('ldap:')) {
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      await client.startTLS({ ...tls, host, ...(isIP(host) ? {} : { servername: host }) });
    }
    await client.bind(config.bindDn, config.bindPassword);
    return pass(title, `bound as ${config.bindDn}`);
  } catch (error) {
    const detail = errorText(error);
    if (error instanceof InvalidCredentialsError)
      return fail(
        title,
        `the DC refused the service account (${detail})`,
        'check AD_BIND_DN and AD_BIND_PASSWORD (and that the account is neither locked nor expired)',
      );
    if (/certificate|self[- ]signed|CERT_|altnames/i.test(detail))
      return fail(
        title,
        `TLS: ${detail}`,
        "set AD_CA_FILE to the PEM of the CA that issued the DC's certificate, and use the host name the certificate names",
      );
    return fail(
      title,
      `unreachable (${detail})`,
      'check the URL in AD_URLS, that the DC serves LDAPS on 636 (it needs a certificate) and that no firewall blocks it',
    );
  }
}

/** Real AD DCs (2012 R2+) list the policy-hints control in the rootDSE; Samba does not. */
async function historyEnforcement(client: Client, config: AdConfig): Promise<CheckResult> {
  const title = 'Password history on resets';
  if (!config.enforceHistory)
    return warn(
      title,
      'not enforced (AD_ENFORCE_HISTORY=false): employees may reuse an old password',
      'set AD_ENFORCE_HISTORY=true with Windows Server 2012 R2 or later DCs',
    );
  const { searchEntries } = await client.search('', { scope: 'base', attributes: ['supportedControl'] });
  const controls = [searchEntries[0]?.['supportedControl'] ?? []].flat().map(String);
  return controls.includes(POLICY_HINTS_OID)
    ? pass(title, 'the DC supports the policy-hints control')
    : fail(
        title,
        'the DC does not support the policy-hints control: every reset would be refused',
        'use Windows Server 2012 R2 or later DCs, or set AD_ENFORCE_HISTORY=false accepting password reuse',
      );
}

async function accountRights(client: Client, config: AdConfig, testAccount: string): Promise<CheckResult[]> {
  let entry;
  try {
    const { searchEntries } = await client.search(
      config.baseDn,
      {
        scope: 'sub',
        filter: accountFilter(testAccount),
        attributes: ['sAMAccountName', 'objectSid', 'allowedAttributesEffective', 'nTSecurityDescriptor'],
        explicitBufferAttributes: ['nTSecurityDescriptor', 'objectSid'],
        sizeLimit: 2,
      },
      new SdFlagsControl(),
    );
    if (searchEntries.length > 1) throw new SizeLimitExceededError();
    entry = searchEntries[0];
  } catch (error) {
    const detail = error instanceof SizeLimitExceededError ? 'several accounts match' : errorText(error);
    return [fail(`Find ${testAccount}`, detail, 'check DOCTOR_TEST_ACCOUNT and AD_BASE_DN')];
  }
  if (!entry)
    return [
      fail(
        `Find ${testAccount}`,
        `not found under ${config.baseDn}`,
        "check DOCTOR_TEST_ACCOUNT, and that AD_BASE_DN is the employees' OU (or above it)",
      ),
    ];

  const allowed = [entry['allowedAttributesEffective'] ?? []].flat().map(String);
  const results = [pass(`Find ${testAccount}`, entry.dn)];
  const delegation = `on the employees' OU, for descendant User objects, to ${config.bindDn}`;
  results.push(
    allowed.some((name) => name.toLowerCase() === 'lockouttime')
      ? pass('Write lockoutTime (unlock)', 'in allowedAttributesEffective')
      : fail(
          'Write lockoutTime (unlock)',
          'not in allowedAttributesEffective',
          `delegate "Write lockoutTime" ${delegation}`,
        ),
  );
  results.push(await resetPassword(client, config, entry['nTSecurityDescriptor'], allowed, delegation));
  results.push(
    await ownNumberWrite(client, config, {
      name: testAccount,
      descriptor: entry['nTSecurityDescriptor'],
      objectSid: entry['objectSid'],
    }),
  );
  return results;
}

/**
 * No constructed attribute reports extended rights (`allowedAttributesEffective` listing unicodePwd
 * is not the Reset Password right), so the account's DACL is read and matched against the
 * service account's own SIDs (objectSid + tokenGroups).
 */
async function resetPassword(
  client: Client,
  config: AdConfig,
  descriptor: unknown,
  allowed: readonly string[],
  delegation: string,
): Promise<CheckResult> {
  const title = 'Reset Password right (new password)';
  const unverified = (why: string) =>
    warn(
      title,
      `could not be verified (${why}); allowedAttributesEffective: ${allowed.join(', ') || 'none'}`,
      `make sure "Reset Password" is delegated ${delegation} (dsacls shows it)`,
    );
  const sd = Array.isArray(descriptor) ? (descriptor[0] as unknown) : descriptor;
  if (!Buffer.isBuffer(sd) || sd.length < 20) return unverified('the security descriptor is not readable');
  let sids: Set<string>;
  try {
    sids = await ownSids(client, config.bindDn);
  } catch (error) {
    return unverified(`the service account's groups are not readable: ${errorText(error)}`);
  }
  let right;
  try {
    right = resetPasswordRight(daclEntries(sd), sids);
  } catch (error) {
    return unverified(`the security descriptor could not be parsed: ${errorText(error)}`);
  }
  if (right === 'granted') return pass(title, "granted in the account's DACL");
  return fail(
    title,
    right === 'denied' ? 'explicitly denied' : 'not granted',
    `delegate "Reset Password" ${delegation}`,
  );
}

async function ownSids(client: Client, bindDn: string): Promise<Set<string>> {
  // A bind name in UPN form (svc@kommun.local) is no DN; tokenGroups is only returned by a base search.
  const dn = bindDn.includes('=') ? bindDn : await dnOfUpn(client, bindDn);
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes: ['objectSid', 'tokenGroups'],
    explicitBufferAttributes: ['objectSid', 'tokenGroups'],
  });
  const self = searchEntries[0];
  if (!self) throw new Error(`${bindDn} not found`);
  const sids = new Set(WELL_KNOWN_SIDS);
  for (const value of [self['objectSid'] ?? [], self['tokenGroups'] ?? []].flat()) {
    if (Buffer.isBuffer(value)) sids.add(sidToString(value));
  }
  return sids;
}

async function dnOfUpn(client: Client, upn: string): Promise<string> {
  const { searchEntries: roots } = await client.search('', {
    scope: 'base',
    attributes: ['defaultNamingContext'],
  });
  const { searchEntries } = await client.search(String(roots[0]?.['defaultNamingContext'] ?? ''), {
    scope: 'sub',
    filter: upnFilter(upn),
    attributes: ['cn'],
  });
  const dn = searchEntries[0]?.dn;
  if (dn === undefined) throw new Error(`${upn} not found`);
  return dn;
}
