import type { Storage, TranscriptStore } from 'botbuilder';
import { redirect } from '../http/responses';
import type { Server } from 'restify';
import type { Handler, HttpRequest, HttpResponse } from '../http/restifyServer';
import type { HelpdeskConfig } from '../config';
import { errorText } from '../lib/errorText';
import type { CaseStore, Clock, Logger } from '../reset/ports';
import type { ReadableAuditLog } from '../reset/auditTrail';
import type { EntraSignIn, HelpdeskUser, PendingSignIn } from './entraSignIn';
import { notices, signInMessages } from './labels';
import type { OneTimeLinks } from './oneTimeLinks';
import { appendCookie, securityHeaders, sendPage } from './pageResponses';
import {
  HelpdeskSessions,
  ROLE_RECHECK_MS,
  type HelpdeskSession,
  type SessionLookup,
  type SessionOrigin,
} from './sessions';
import { CookieSigner, readCookies, serializeCookie } from './signedCookie';
import { noticePage, type Viewer } from './views/layout';
import { signInPage } from './views/signInPage';

export interface HelpdeskDependencies {
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  /** The bot's shared store, where sessions are recorded (sign-out ends them on every instance). */
  readonly storage: Storage;
  /** The configured directory (`demo`, `graph`, …): the case page names the demo as such. */
  readonly directoryKind?: string;
  readonly config: { readonly helpdesk: HelpdeskConfig };
  /** The bot's public base URL (known only once it listens when PORT=0). */
  readonly publicUrl: () => string;
  /** Entra sign-in; absent = the one-time links (outside production only). */
  readonly signIn?: EntraSignIn;
  readonly links?: OneTimeLinks;
  /** Where a new one-time link goes: the operator's terminal, never the HTTP response. */
  readonly printLink?: (url: string) => void;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How often open lists and cases refresh themselves. */
  readonly refreshSeconds?: number;
}

export const SESSION_COOKIE = 'ra_helpdesk';
export const PENDING_COOKIE = 'ra_helpdesk_signin';

/** Where the route files register: GET (with HEAD) and POST, and the server itself for its 404s. */
export interface HelpdeskRoutes {
  readonly server: Server;
  readonly get: (path: string, handler: Handler) => void;
  readonly post: (path: string, handler: Handler) => void;
}

type PageHandler = (req: HttpRequest, res: HttpResponse, session: HelpdeskSession) => Promise<void>;

/** What every service-desk route shares: the signed cookies, the sessions, the sign-in guard of pages. */
export interface HelpdeskContext {
  readonly deps: HelpdeskDependencies;
  readonly log: Logger;
  readonly signer: CookieSigner;
  readonly sessions: HelpdeskSessions;
  readonly now: () => Date;
  /** https: `Secure; SameSite=None`, so the session also works inside the Teams tab's frame. */
  readonly secure: () => boolean;
  /** The cookie's session as the shared store knows it; a link session only where links are allowed. */
  readonly lookUp: (req: HttpRequest) => Promise<SessionLookup>;
  /** The cookie's session if it is active. */
  readonly sessionOf: (req: HttpRequest) => Promise<HelpdeskSession | undefined>;
  readonly viewerOf: (session: HelpdeskSession) => Viewer;
  /** Records a new session and sets its cookie. */
  readonly startSession: (res: HttpResponse, user: HelpdeskUser, via: SessionOrigin) => Promise<void>;
  /** Pages behind sign-in: without a session the sign-in page answers, in place. */
  readonly page: (handler: PageHandler) => (req: HttpRequest, res: HttpResponse) => Promise<void>;
}

export function helpdeskContext(deps: HelpdeskDependencies): HelpdeskContext {
  const log = deps.logger.child({ module: 'helpdesk' });
  const signer = new CookieSigner(deps.config.helpdesk.sessionSecret);
  const secure = () => deps.publicUrl().startsWith('https:');
  const now = () => deps.clock.now();
  const hours = deps.config.helpdesk.sessionHours;
  const sessions = new HelpdeskSessions(deps.storage, {
    lifetimeMs: hours * 3_600_000,
    recheckMs: ROLE_RECHECK_MS,
  });

  const lookUp = async (req: HttpRequest): Promise<SessionLookup> => {
    const value = signer.verify('session', readCookies(req.headers.cookie).get(SESSION_COOKIE), now());
    if (!isSessionCookie(value)) return { state: 'none' };
    const found = await sessions.find(value.sid, now());
    if (found.state !== 'none' && found.session.via === 'link' && !deps.links) {
      log.warn({ user: found.session.user.id }, 'refused a one-time-link session where links are off');
      return { state: 'none' };
    }
    return found;
  };
  const sessionOf = async (req: HttpRequest): Promise<HelpdeskSession | undefined> => {
    const found = await lookUp(req);
    return found.state === 'active' ? found.session : undefined;
  };
  const viewerOf = (session: HelpdeskSession): Viewer => ({ name: session.user.name, csrf: session.csrf });
  const startSession = async (res: HttpResponse, user: HelpdeskUser, via: SessionOrigin) => {
    const session = await sessions.start(user, via, now());
    const value = signer.sign('session', { sid: session.id }, new Date(session.expiresAt));
    appendCookie(res, serializeCookie(SESSION_COOKIE, value, { maxAge: hours * 3600, secure: secure() }));
    log.info({ user: user.id, via }, 'service-desk sign-in');
  };

  const page = (handler: PageHandler) => async (req: HttpRequest, res: HttpResponse) => {
    try {
      const found = await lookUp(req);
      if (found.state !== 'active') {
        // Due for the hourly role check: this session ends, a new sign-in confirms the role.
        if (found.state === 'recheck') {
          await sessions.end(found.session.id);
          log.info({ user: found.session.user.id }, 'service-desk session due for its role check');
        }
        const returnTo = req.url ?? '/helpdesk';
        // A page opened in a tab of its own goes straight to Entra, whose single sign-on usually
        // answers without a prompt; framed (Teams) or fetched by the page script, Entra cannot be shown.
        if (found.state === 'recheck' && deps.signIn && req.headers['sec-fetch-dest'] === 'document') {
          securityHeaders(res);
          redirect(res, 302, `/helpdesk/login?returnTo=${encodeURIComponent(returnTo)}`);
          return;
        }
        const problem = found.state === 'recheck' ? signInMessages.recheck() : undefined;
        sendPage(
          res,
          401,
          signInPage({ entra: deps.signIn !== undefined, returnTo, ...(problem ? { problem } : {}) }),
        );
        return;
      }
      await handler(req, res, found.session);
    } catch (error) {
      log.error({ err: errorText(error), path: req.getPath() }, 'helpdesk page failed');
      sendPage(res, 503, noticePage(notices.readFailed));
    }
  };

  return { deps, log, signer, sessions, now, secure, lookUp, sessionOf, viewerOf, startSession, page };
}

/** The session cookie names a session recorded in the store; it holds nothing else. */
function isSessionCookie(value: unknown): value is { sid: string } {
  if (value === null || typeof value !== 'object') return false;
  const sid = (value as { sid?: unknown }).sid;
  return typeof sid === 'string' && sid.length <= 100;
}

/** The pending sign-in cookie as signed at /helpdesk/login (state, PKCE verifier, nonce, where to return). */
export function isPending(value: unknown): value is PendingSignIn & { popup?: boolean } {
  if (value === null || typeof value !== 'object') return false;
  const pending = value as Partial<PendingSignIn>;
  return ['state', 'verifier', 'nonce', 'returnTo'].every(
    (key) => typeof pending[key as keyof PendingSignIn] === 'string',
  );
}
