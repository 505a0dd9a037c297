import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  AuthError,
  ConfidentialClientApplication,
  CryptoProvider,
  LogLevel,
  ResponseMode,
  ServerError,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node';
import { z } from 'zod';
import type { HelpdeskConfig } from '../config';
import { errorText } from '../lib/errorText';
import { readCaFile } from '../lib/privateCa';
import type { Logger } from '../reset/ports';
import { networkClientTrusting } from './entraNetwork';
import { signInMessages } from './labels';
import { localPath } from './returnTo';

export { DEFAULT_RETURN_TO, localPath } from './returnTo';

export interface HelpdeskUser {
  /** Entra object id (`oid`). */
  readonly id: string;
  readonly name: string;
  /** `preferred_username`, usually the UPN. */
  readonly username?: string;
}

/** Kept by the caller in a short-lived signed cookie between start() and finish(). */
export interface PendingSignIn {
  readonly state: string;
  readonly verifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

export type SignInFailure = 'cancelled' | 'not-allowed' | 'state-mismatch' | 'failed';

export type SignInResult =
  | { readonly ok: true; readonly user: HelpdeskUser }
  | {
      readonly ok: false;
      readonly reason: SignInFailure;
      /** One plain Swedish sentence for the page. */
      readonly message: string;
    };

export interface EntraSignInOptions {
  readonly entra: NonNullable<HelpdeskConfig['entra']>;
  readonly role: string;
  readonly groupId?: string;
  /** `${PUBLIC_URL}/helpdesk/...`, exactly as registered on the app. */
  readonly redirectUri: string;
  readonly logger: Logger;
}

/** Only ID token scopes: the view needs who signed in, nothing from Graph. */
const SCOPES = ['openid', 'profile'];

/** Entra's code when the app requires assignment and the user has none. */
const NOT_ASSIGNED = 'AADSTS50105';

const idTokenClaims = z.object({
  oid: z.string().min(1),
  tid: z.string().min(1),
  aud: z.string().min(1),
  nonce: z.string().optional(),
  name: z.string().optional(),
  preferred_username: z.string().optional(),
  roles: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  /** Present instead of `groups` when the user is in too many groups for a token (overage). */
  _claim_names: z.record(z.string()).optional(),
});
type IdTokenClaims = z.infer<typeof idTokenClaims>;

/**
 * Service-desk sign-in with Entra ID: authorization code flow with PKCE, a confidential client
 * (client secret), and entry only for users with the configured app role or group.
 */
export class EntraSignIn {
  private readonly client: ConfidentialClientApplication;
  private readonly crypto = new CryptoProvider();
  private readonly log: Logger;

  constructor(private readonly options: EntraSignInOptions) {
    this.log = options.logger.child({ module: 'helpdesk-sign-in' });
    this.client = new ConfidentialClientApplication(msalConfiguration(options.entra, this.log));
  }

  async start(returnTo: string): Promise<{ readonly url: string; readonly pending: PendingSignIn }> {
    const { verifier, challenge } = await this.crypto.generatePkceCodes();
    const pending: PendingSignIn = {
      state: randomToken(),
      verifier,
      nonce: randomToken(),
      returnTo: localPath(returnTo),
    };
    const url = await this.client.getAuthCodeUrl({
      scopes: SCOPES,
      redirectUri: this.options.redirectUri,
      responseMode: ResponseMode.QUERY,
      state: pending.state,
      nonce: pending.nonce,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    return { url, pending };
  }

  async finish(
    params: Readonly<Record<string, string | undefined>>,
    pending: PendingSignIn | undefined,
  ): Promise<SignInResult> {
    if (pending === undefined || !sameSecret(params['state'], pending.state)) {
      this.log.warn(
        { outcome: 'state-mismatch', pendingSignIn: pending !== undefined },
        'helpdesk sign-in refused: the answer does not belong to a sign-in started in this browser',
      );
      return refuse('state-mismatch', signInMessages.stateMismatch());
    }
    const error = params['error'];
    if (error !== undefined) return this.entraRefused(error, params['error_description'] ?? '');
    const code = params['code'];
    if (code === undefined || code === '') {
      this.log.error({ outcome: 'failed', errorCode: 'no_code' }, 'helpdesk sign-in: Entra sent no code');
      return refuse('failed', signInMessages.failed());
    }

    let result: AuthenticationResult;
    try {
      result = await this.client.acquireTokenByCode({
        code,
        codeVerifier: pending.verifier,
        nonce: pending.nonce,
        redirectUri: this.options.redirectUri,
        scopes: SCOPES,
      });
    } catch (error: unknown) {
      this.log.error(
        { outcome: 'failed', ...describeError(error) },
        'helpdesk sign-in: code redemption failed',
      );
      return refuse('failed', signInMessages.failed());
    }
    await this.forget(result);
    return this.admit(result.idTokenClaims, pending);
  }

  private entraRefused(error: string, description: string): SignInResult {
    // The description arrives in the query string: only Entra's AADSTS number is worth keeping.
    const entraCode = /\bAADSTS\d+\b/.exec(description)?.[0];
    if (entraCode === NOT_ASSIGNED) {
      this.log.warn(
        { outcome: 'not-allowed', errorCode: error, entraCode },
        'helpdesk sign-in: user not assigned',
      );
      return refuse('not-allowed', signInMessages.notAllowed(this.options.role));
    }
    if (error === 'access_denied') {
      this.log.info({ outcome: 'cancelled', errorCode: error, entraCode }, 'helpdesk sign-in cancelled');
      return refuse('cancelled', signInMessages.cancelled());
    }
    this.log.error(
      { outcome: 'failed', errorCode: error.slice(0, 64), entraCode },
      'helpdesk sign-in: Entra refused',
    );
    return refuse('failed', signInMessages.failed());
  }

  private admit(rawClaims: object, pending: PendingSignIn): SignInResult {
    const parsed = idTokenClaims.safeParse(rawClaims);
    const problem = parsed.success ? this.claimProblem(parsed.data, pending) : 'claims missing or malformed';
    if (!parsed.success || problem !== undefined) {
      this.log.error(
        { outcome: 'failed', errorCode: 'id_token_rejected', problem },
        'helpdesk sign-in refused',
      );
      return refuse('failed', signInMessages.failed());
    }
    const claims = parsed.data;
    const { role, groupId } = this.options;
    const hasRole = claims.roles?.includes(role) ?? false;
    const inGroup =
      groupId !== undefined &&
      (claims.groups ?? []).some((group) => group.toLowerCase() === groupId.toLowerCase());
    if (!hasRole && !inGroup) {
      const groupsOverage = groupId !== undefined && claims._claim_names?.['groups'] !== undefined;
      this.log.warn(
        { outcome: 'not-allowed', oid: claims.oid, role, ...(groupsOverage ? { groupsOverage } : {}) },
        'helpdesk sign-in refused: neither the role nor the group',
      );
      return refuse('not-allowed', signInMessages.notAllowed(role));
    }
    this.log.info(
      { outcome: 'signed-in', oid: claims.oid, by: hasRole ? 'role' : 'group' },
      'helpdesk sign-in',
    );
    return {
      ok: true,
      user: {
        id: claims.oid,
        name: claims.name ?? claims.preferred_username ?? claims.oid,
        ...(claims.preferred_username !== undefined ? { username: claims.preferred_username } : {}),
      },
    };
  }

  /** MSAL checks the nonce too; the tenant and audience only we check. */
  private claimProblem(claims: IdTokenClaims, pending: PendingSignIn): string | undefined {
    if (claims.nonce === undefined || !sameSecret(claims.nonce, pending.nonce)) return 'nonce differs';
    if (claims.tid.toLowerCase() !== this.options.entra.tenantId.toLowerCase())
      return 'tid is another tenant';
    if (claims.aud !== this.options.entra.clientId) return 'aud is another app';
    return undefined;
  }

  /** The session lives in our cookie; MSAL's in-memory cache would only grow with every sign-in. */
  private async forget(result: AuthenticationResult): Promise<void> {
    if (result.account === null) return;
    try {
      await this.client.getTokenCache().removeAccount(result.account);
    } catch (error: unknown) {
      this.log.warn(
        { ...describeError(error) },
        'helpdesk sign-in: could not drop the account from the MSAL cache',
      );
    }
  }
}

function msalConfiguration(entra: EntraSignInOptions['entra'], log: Logger): Configuration {
  return {
    auth: {
      clientId: entra.clientId,
      clientSecret: entra.clientSecret,
      authority: `${entra.authorityHost}/${entra.tenantId}`,
      // A known authority is trusted as its own cloud: no instance discovery call to
      // login.microsoftonline.com, so sovereign clouds and a local test issuer work the same way.
      knownAuthorities: [new URL(entra.authorityHost).host],
    },
    system: {
      loggerOptions: {
        logLevel: LogLevel.Warning,
        piiLoggingEnabled: false,
        loggerCallback: (level, line) => {
          if (level <= LogLevel.Warning) log.warn({ msal: line }, 'msal');
        },
      },
      ...(entra.caFile !== undefined
        ? { networkClient: networkClientTrusting(readCaFile(entra.caFile)) }
        : {}),
    },
  };
}

/** What an operator needs to look the failure up (MSAL code, Entra's AADSTS number), never a token. */
function describeError(error: unknown): Record<string, string> {
  if (error instanceof AuthError) {
    return {
      errorCode: error.errorCode,
      ...(error instanceof ServerError && error.errorNo !== undefined
        ? { entraCode: `AADSTS${error.errorNo}` }
        : {}),
      ...(error.subError ? { subError: error.subError } : {}),
      ...(error.correlationId ? { correlationId: error.correlationId } : {}),
    };
  }
  return { errorCode: 'network_or_unknown', cause: errorText(error) };
}

function refuse(reason: SignInFailure, message: string): SignInResult {
  return { ok: false, reason, message };
}

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
