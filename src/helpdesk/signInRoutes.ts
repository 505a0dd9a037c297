import { redirect, sendJson } from '../http/responses';
import { errorText } from '../lib/errorText';
import {
  isPending,
  PENDING_COOKIE,
  SESSION_COOKIE,
  type HelpdeskContext,
  type HelpdeskRoutes,
} from './helpdeskContext';
import { notices } from './labels';
import { appendCookie, sameOrigin, searchParams, securityHeaders, sendPage } from './pageResponses';
import { localPath } from './returnTo';
import { readCookies, serializeCookie } from './signedCookie';
import { noticePage } from './views/layout';
import { linkSignInPage, signInPage } from './views/signInPage';

/**
 * Signing in and out: Entra ID (authorization code with PKCE, also from a popup inside the Teams tab)
 * or, outside production, a one-time link printed on the operator's terminal; the session check the
 * Teams tab polls while its popup signs in.
 */
export function registerSignInRoutes({ get, post }: HelpdeskRoutes, ctx: HelpdeskContext): void {
  const { deps, log, signer, sessions, now, secure, lookUp, startSession } = ctx;
  let lastPrintedLink = 0;

  get('/helpdesk/api/session', async (req, res) => {
    const session = await ctx.sessionOf(req);
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
      log.error({ err: errorText(error) }, 'could not start the sign-in');
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
