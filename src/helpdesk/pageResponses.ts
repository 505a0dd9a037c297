import type { HttpRequest, HttpResponse } from '../http/restifyServer';
import { sendText } from '../http/responses';
import type { SafeHtml } from './html';

/**
 * How the service-desk routes answer and read a request: pages and assets with the same security
 * headers, cookies added to those already set, query and route parameters, the same-origin check.
 */

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

export function sendPage(res: HttpResponse, status: number, body: SafeHtml): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  securityHeaders(res);
  sendText(res, status, body.value);
}

export function sendAsset(res: HttpResponse, type: string, body: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'private, max-age=300');
  securityHeaders(res);
  sendText(res, 200, body);
}

export function securityHeaders(res: HttpResponse): void {
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

export function appendCookie(res: HttpResponse, cookie: string): void {
  const existing = res.getHeader('Set-Cookie');
  const list = Array.isArray(existing) ? existing : existing !== undefined ? [String(existing)] : [];
  res.setHeader('Set-Cookie', [...list, cookie]);
}

/** A route's `:name` segment as find-my-way decoded it. */
export function paramOf(req: HttpRequest, name: string): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

export function searchParams(req: HttpRequest): URLSearchParams {
  return new URL(req.url ?? '/', 'http://local.invalid').searchParams;
}

/** State-changing posts must come from our own pages (cookies are SameSite=None inside Teams). */
export function sameOrigin(req: HttpRequest, publicUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // not sent by old browsers on same-origin posts; the CSRF token still applies
  const host = req.headers.host;
  if (!URL.canParse(origin)) return false; // `null` from a sandboxed frame, or garbage
  return origin === new URL(publicUrl).origin || (host !== undefined && new URL(origin).host === host);
}
