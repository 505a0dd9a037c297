import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Storage, TranscriptStore } from 'botbuilder';
import type { Server } from 'restify';
import {
  getAndHead,
  notFoundUnder,
  route,
  type Handler,
  type HttpRequest,
  type HttpResponse,
} from '../http/restifyServer';
import { redirect, sendJson, sendText } from '../http/responses';
import type { HelpdeskConfig } from '../config';
import type { CaseStore, Clock, Logger } from '../reset/ports';
import type { ReadableAuditLog } from '../reset/auditTrail';
import { casesToCsv } from './csv';
import type { EntraSignIn, HelpdeskUser, PendingSignIn } from './entraSignIn';
import { localPath } from './returnTo';
import type { SafeHtml } from './html';
import { notices, signInMessages } from './labels';
import { readListFilters } from './listFilters';
import type { OneTimeLinks } from './oneTimeLinks';
import { HelpdeskSessions, ROLE_RECHECK_MS, type HelpdeskSession, type SessionOrigin } from './sessions';
import { CookieSigner, readCookies, serializeCookie } from './signedCookie';
import { HELPDESK_CSS } from './styles';
import { readCaseTranscript } from './transcriptView';
import { caseListPage } from './views/caseListPage';
import { casePage } from './views/casePage';
import { noticePage, type Viewer } from './views/layout';
import { linkSignInPage, signInPage } from './views/signInPage';

export interface HelpdeskDependencies {
  readonly cases: CaseStore;
  readonly audit: ReadableAuditLog;
  readonly transcripts: TranscriptStore;
  /** The bot's shared store, where sessions are recorded (sign-out ends them on every instance). */
  readonly storage: Storage;
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
  /** The configured directory (`demo`, `graph`, …): the case page names the demo as such. */
  readonly directoryKind?: string;
}

const SESSION_COOKIE = 'ra_helpdesk';
const PENDING_COOKIE = 'ra_helpdesk_signin';
const PAGE_SIZE = 100;
const CSV_LIMIT = 10_000;
const CASE_ID = /^[A-Za-z0-9-]{1,100}$/;

/**
 * Pages may be framed by Teams (the service-desk tab) and nothing else; they load only their own
 * stylesheet and script.
 */
export const HELPDESK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com",
].join('; ');

/** The service-desk view at /helpdesk: sign-in, the case list (with CSV) and one case. */
export function registerHelpdesk(server: Server, deps: HelpdeskDependencies): void {
  const log = deps.logger.child({ module: 'helpdesk' });
  const get = (path: string, handler: Handler) => getAndHead(server, path, handler);
  const post = (path: string, handler: Handler) => server.post(path, route(handler));
  const signer = new CookieSigner(deps.config.helpdesk.sessionSecret);
  // https: `Secure; SameSite=None`, so the session also works inside the Teams tab's frame.
  const secure = () => deps.publicUrl().startsWith('https:');
  const refreshSeconds = deps.refreshSeconds ?? 5;
  const script = readClientScript(log);
  let lastPrintedLink = 0;

  const now = () => deps.clock.now();
  const hours = deps.config.helpdesk.sessionHours;
  const sessions = new HelpdeskSessions(deps.storage, {
    lifetimeMs: hours * 3_600_000,
    recheckMs: ROLE_RECHECK_MS,
  });
  /** The cookie's session as the shared store knows it; a link session only where links are allowed. */
  const lookUp = async (req: HttpRequest) => {
    const value = signer.verify('session', readCookies(req.headers.cookie).get(SESSION_COOKIE), now());
    if (!isSessionCookie(value)) return { state: 'none' } as const;
    const found = await sessions.find(value.sid, now());
    if (found.state !== 'none' && found.session.via === 'link' && !deps.links) {
      log.warn({ user: found.session.user.id }, 'refused a one-time-link session where links are off');
      return { state: 'none' } as const;
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

  /** Pages behind sign-in: without a session the sign-in page answers, in place. */
  const page =
    (handler: (req: HttpRequest, res: HttpResponse, session: HelpdeskSession) => Promise<void>) =>
    async (req: HttpRequest, res: HttpResponse) => {
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
        log.error(
          { err: error instanceof Error ? error.message : String(error), path: req.getPath() },
          'helpdesk page failed',
        );
        sendPage(res, 503, noticePage(notices.readFailed));
      }
    };

  get('/helpdesk', (_req, res) => {
    redirect(res, 302, '/helpdesk/cases');
  });

  get('/helpdesk/static/helpdesk.css', (_req, res) => {
    sendAsset(res, 'text/css; charset=utf-8', HELPDESK_CSS);
  });
  get('/helpdesk/static/helpdesk.js', (_req, res) => {
    sendAsset(res, 'text/javascript; charset=utf-8', script);
  });

  get(
    '/helpdesk/cases',
    page(async (req, res, session) => {
      const filters = readListFilters(searchParams(req), PAGE_SIZE + 1);
      const found = await deps.cases.list(filters.query);
      const view = {
        records: found.slice(0, PAGE_SIZE),
        more: found.length > PAGE_SIZE,
        filters,
        now: now(),
        refreshSeconds,
      };
      sendPage(res, 200, caseListPage(view, viewerOf(session)));
    }),
  );

  get(
    '/helpdesk/cases.csv',
    page(async (req, res, session) => {
      const filters = readListFilters(searchParams(req), CSV_LIMIT);
      const records = await deps.cases.list(filters.query);
      log.info({ user: session.user.id, count: records.length }, 'cases exported');
      const day = now().toISOString().slice(0, 10);
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="arenden-${day}.csv"`);
      securityHeaders(res);
      sendText(res, 200, casesToCsv(records));
    }),
  );

  get(
    '/helpdesk/cases/:id',
    page(async (req, res, session) => {
      const id = paramOf(req, 'id');
      const found = CASE_ID.test(id) ? await deps.cases.get(id) : undefined;
      if (!found) {
        sendPage(res, 404, noticePage(notices.caseMissing));
        return;
      }
      const record = found.value;
      const [events, chat] = await Promise.all([
        deps.audit.query({ caseId: record.id, limit: 500 }),
        readCaseTranscript(deps.transcripts, record),
      ]);
      log.info({ user: session.user.id, caseId: record.id }, 'case viewed');
      sendPage(
        res,
        200,
        casePage(
          {
            record,
            events,
            chat,
            now: now(),
            refreshSeconds,
            ...(deps.directoryKind !== undefined ? { directoryKind: deps.directoryKind } : {}),
          },
          viewerOf(session),
        ),
      );
    }),
  );

  // Anything else under /helpdesk gets a page, not JSON.
  notFoundUnder(server, '/helpdesk', (_req, res) => {
    sendPage(res, 404, noticePage(notices.pageMissing));
  });

  get('/helpdesk/api/session', async (req, res) => {
    const session = await sessionOf(req);
    securityHeaders(res);
    sendJson(res, session ? 200 : 401, session ? { name: session.user.name } : { error: 'not-signed-in' });
  });

  get('/helpdesk/login', async (req, res) => {
    const params = searchParams(req);
    const returnTo = localPath(params.get('returnTo') ?? '/helpdesk/cases');
    if (!deps.signIn) {
      sendPage(res, 200, signInPage({ entra: false, returnTo }));
      return;
    }
    try {
      const { url, pending } = await deps.signIn.start(returnTo);
      const popup = params.get('popup') === '1';
      const value = signer.sign('pending', { ...pending, popup }, new Date(now().getTime() + 10 * 60_000));
      appendCookie(res, serializeCookie(PENDING_COOKIE, value, { maxAge: 600, secure: secure() }));
      securityHeaders(res);
      redirect(res, 302, url);
    } catch (error) {
      log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'could not start the sign-in',
      );
      sendPage(res, 503, noticePage(notices.signInUnavailable));
    }
  });

  get('/helpdesk/auth/callback', async (req, res) => {
    if (!deps.signIn) {
      sendPage(res, 404, noticePage(notices.entraNotConfigured));
      return;
    }
    const stored = signer.verify('pending', readCookies(req.headers.cookie).get(PENDING_COOKIE), now());
    const pending = isPending(stored) ? stored : undefined;
    appendCookie(res, serializeCookie(PENDING_COOKIE, '', { maxAge: 0, secure: secure() }));
    const result = await deps.signIn.finish(Object.fromEntries(searchParams(req)), pending);
    if (!result.ok) {
      const status = result.reason === 'not-allowed' ? 403 : result.reason === 'failed' ? 502 : 400;
      sendPage(res, status, noticePage(notices.signInRefused(result.message)));
      return;
    }
    await startSession(res, result.user, 'entra');
    if (pending?.popup === true) {
      sendPage(res, 200, noticePage(notices.signedInInPopup));
      return;
    }
    securityHeaders(res);
    redirect(res, 302, localPath(pending?.returnTo ?? '/helpdesk/cases'));
  });

  // Opening the link only shows a form: link previews and mail scanners fetch links too.
  get('/helpdesk/login/link', (req, res) => {
    const token = searchParams(req).get('token') ?? '';
    if (!deps.links || token.length > 200 || !deps.links.isUsable(token, now())) {
      sendPage(res, 403, noticePage(notices.linkUnusable));
      return;
    }
    sendPage(res, 200, linkSignInPage(token));
  });

  post('/helpdesk/login/link/use', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof body['token'] === 'string' ? body['token'] : '';
    if (
      !deps.links ||
      !sameOrigin(req, deps.publicUrl()) ||
      token.length > 200 ||
      !deps.links.consume(token, now())
    ) {
      sendPage(res, 403, noticePage(notices.linkUnusable));
      return;
    }
    await startSession(res, { id: 'one-time-link', name: 'Servicedesk (engångslänk)' }, 'link');
    securityHeaders(res);
    redirect(res, 303, '/helpdesk/cases');
  });

  post('/helpdesk/login/link', (req, res) => {
    if (!deps.links || !deps.printLink || !sameOrigin(req, deps.publicUrl())) {
      sendPage(res, 403, noticePage(notices.linksUnavailable));
      return;
    }
    // One link per ten seconds at most, however often the button is pressed.
    if (now().getTime() - lastPrintedLink > 10_000) {
      lastPrintedLink = now().getTime();
      deps.printLink(signInLinkUrl(deps.publicUrl(), deps.links.issue(now())));
    }
    sendPage(res, 200, noticePage(notices.linkPrinted));
  });

  post('/helpdesk/logout', async (req, res) => {
    const found = await lookUp(req);
    const session = found.state === 'none' ? undefined : found.session;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (session && (body['csrf'] !== session.csrf || !sameOrigin(req, deps.publicUrl()))) {
      sendPage(res, 403, noticePage(notices.signOutForged));
      return;
    }
    // Ended in the shared store: the cookie, wherever a copy of it is, opens nothing any more.
    if (session) await sessions.end(session.id);
    appendCookie(res, serializeCookie(SESSION_COOKIE, '', { maxAge: 0, secure: secure() }));
    if (session) log.info({ user: session.user.id }, 'service-desk sign-out');
    sendPage(res, 200, noticePage(notices.signedOut));
  });
}

/** The link printed for the operator; a URL containing /helpdesk. */
export function signInLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/helpdesk/login/link?token=${encodeURIComponent(token)}`;
}

function sendPage(res: HttpResponse, status: number, body: SafeHtml): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  securityHeaders(res);
  sendText(res, status, body.value);
}

function sendAsset(res: HttpResponse, type: string, body: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'private, max-age=300');
  securityHeaders(res);
  sendText(res, 200, body);
}

function securityHeaders(res: HttpResponse): void {
  res.setHeader('Content-Security-Policy', HELPDESK_CSP);
  // frame-ancestors above decides who may frame the page (Teams); X-Frame-Options cannot list them.
  res.removeHeader('X-Frame-Options');
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  // No Referer leaves for other sites, and the browser sends our pages' forms with their real Origin:
  // under `no-referrer` it sends `Origin: null`, which sameOrigin() must refuse (a sandboxed frame
  // elsewhere sends that too), so the sign-out and link forms failed in a real browser.
  res.setHeader('Referrer-Policy', 'same-origin');
}

function appendCookie(res: HttpResponse, cookie: string): void {
  const existing = res.getHeader('Set-Cookie');
  const list = Array.isArray(existing) ? existing : existing !== undefined ? [String(existing)] : [];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

/** A route's `:name` segment as find-my-way decoded it. */
function paramOf(req: HttpRequest, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

function searchParams(req: HttpRequest): URLSearchParams {
  return new URL(req.url ?? '/', 'http://local.invalid').searchParams;
}

/** State-changing posts must come from our own pages (cookies are SameSite=None inside Teams). */
function sameOrigin(req: HttpRequest, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not sent by old browsers on same-origin posts; the CSRF token still applies
  const host = req.headers.host;
  if (!URL.canParse(origin)) return false; // `null` from a sandboxed frame, or garbage
  return origin === new URL(publicUrl).origin || (host !== undefined && new URL(origin).host === host);
}

function readClientScript(log: Logger): string {
  const file = path.join(__dirname, 'client', 'helpdesk.js');
  try {
    return readFileSync(file, 'utf8');
  } catch {
    log.warn(
      { file },
      'the service-desk page script is missing (run npm run build): pages work without live updates',
    );
    return '';
  }
}

/** The session cookie names a session recorded in the store; it holds nothing else. */
function isSessionCookie(value: unknown): value is { sid: string } {
  if (value === null || typeof value !== 'object') return false;
  const sid = (value as { sid?: unknown }).sid;
  return typeof sid === 'string' && sid.length <= 100;
}

function isPending(value: unknown): value is PendingSignIn & { popup?: boolean } {
  if (value === null || typeof value !== 'object') return false;
  const pending = value as Partial<PendingSignIn>;
  return ['state', 'verifier', 'nonce', 'returnTo'].every(
    (key) => typeof pending[key as keyof PendingSignIn] === 'string',
  );
}
