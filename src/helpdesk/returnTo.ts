/** Where to go after sign-in when `returnTo` is missing or not a local path. */
export const DEFAULT_RETURN_TO = '/helpdesk';

/**
 * Only a path on this site, so the sign-in cannot be used to send someone elsewhere. The check runs
 * on the input and again on the normalised result: `new URL` turns `/.//evil.example` into
 * `//evil.example`, which a browser reads as another host.
 */
export function localPath(returnTo: string): string {
  if (!isSitePath(returnTo)) return DEFAULT_RETURN_TO;
  const url = new URL(returnTo, 'http://local.invalid');
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin === 'http://local.invalid' && isSitePath(path) ? path : DEFAULT_RETURN_TO;
}

function isSitePath(candidate: string): boolean {
  return candidate.startsWith('/') && !candidate.startsWith('//') && !candidate.includes('\\');
}
