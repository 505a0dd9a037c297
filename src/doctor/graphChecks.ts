import { createCredential } from '../graph/credential';
import { createGraph, type GraphConfig } from '../graph';
import { errorText } from '../lib/errorText';
import { privateCaAgent, readCaFile } from '../lib/privateCa';
import { lastTwoDigits } from '../reset/account';
import type { Logger } from '../reset/ports';
import { fail, pass, warn, type CheckResult } from './checklist';

const WRITE_PASSWORD = 'User-PasswordProfile.ReadWrite.All';
const READ_SIGN_INS = 'AuditLog.Read.All';

/**
 * A token, then the test account and its SMS method looked up as the bot does; the token's `roles`
 * tell whether the one permission no read can prove (the password write) was consented.
 */
export async function checkGraph(
  config: GraphConfig,
  mode: 'graph' | 'hybrid',
  testAccount: string | undefined,
  logger: Logger,
): Promise<CheckResult[]> {
  const agent =
    config.caFile !== undefined ? privateCaAgent(readCaFile(config.caFile), { keepAlive: false }) : undefined;
  const credential = createCredential(config, agent);
  let token: string;
  try {
    const answer = await credential.getToken(`${config.baseUrl.origin}/.default`);
    if (!answer) throw new Error('the token endpoint returned no token');
    token = answer.token;
  } catch (error) {
    return [
      fail(
        'Get a Graph token',
        errorText(error),
        'check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the secret/certificate (expired?), and GRAPH_AUTHORITY_HOST',
      ),
    ];
  } finally {
    agent?.destroy();
  }
  const results = [
    pass('Get a Graph token', `tenant ${config.tenantId}`),
    writePermission(token, mode),
    // Only hybrid mode watches lockouts, so only there do relock notices read the sign-in log.
    ...(mode === 'hybrid' ? [signInLogPermission(token)] : []),
  ];
  if (testAccount === undefined) {
    results.push(
      warn(
        'Look up the test account',
        'not checked',
        'set DOCTOR_TEST_ACCOUNT to an ordinary employee account',
      ),
    );
    return results;
  }
  const { users } = createGraph(config, logger);
  try {
    const account = await users.findByUsername(testAccount);
    if (!account) {
      results.push(
        fail(
          `Look up ${testAccount}`,
          'not found in Entra ID',
          'check DOCTOR_TEST_ACCOUNT and DEFAULT_UPN_SUFFIX (synced users are found by onPremisesSamAccountName)',
        ),
      );
      return results;
    }
    results.push(
      pass(`Look up ${testAccount}`, account.source === 'on-premises' ? 'synced from AD' : 'cloud-only'),
    );
    results.push(
      account.mobile
        ? pass('SMS number of the test account', `ends in ••${lastTwoDigits(account.mobile)}`)
        : fail(
            'SMS number of the test account',
            'no mobile phone method registered',
            'register a mobile authentication method for the account, or allow the directory mobilePhone with SMS_ALLOW_DIRECTORY_MOBILE=true',
          ),
    );
  } catch (error) {
    // The adapter's errors already name the missing permission or setting.
    results.push(
      fail(
        `Look up ${testAccount}`,
        errorText(error),
        'see the message: grant the named permission with admin consent',
      ),
    );
  }
  return results;
}

/** The app-only token lists its application permissions in `roles` (unverified decode: we only read it). */
function writePermission(token: string, mode: 'graph' | 'hybrid'): CheckResult {
  const title = `${WRITE_PASSWORD} (cloud-only passwords)`;
  const roles = tokenRoles(token);
  if (roles === undefined) return warn(title, 'could not read the token roles');
  if (roles.includes(WRITE_PASSWORD)) return pass(title, 'granted');
  const fix = `grant the application permission ${WRITE_PASSWORD} with admin consent`;
  return mode === 'graph'
    ? fail(title, 'not granted: no password can be set', fix)
    : warn(
        title,
        'not granted: cloud-only accounts cannot get a new password (synced ones are reset in AD)',
        `${fix}, if cloud-only accounts are served`,
      );
}

/** `AuditLog.Read.All` lets relock notices name the app and device of the failed sign-ins (optional). */
export function signInLogPermission(token: string): CheckResult {
  const title = `${READ_SIGN_INS} (relock notices)`;
  const roles = tokenRoles(token);
  if (roles === undefined) return warn(title, 'could not read the token roles');
  if (roles.includes(READ_SIGN_INS))
    return pass(title, 'granted: relock notices name the app and device of the failed sign-ins');
  return warn(
    title,
    'not granted: relock notices do not name the app and device of the failed sign-ins',
    `grant the application permission ${READ_SIGN_INS} with admin consent (Entra ID P1 or P2 is needed to read sign-in logs), if wanted`,
  );
}

export function tokenRoles(token: string): string[] | undefined {
  const payload = token.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { roles?: unknown };
    return Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [];
  } catch {
    return undefined;
  }
}
