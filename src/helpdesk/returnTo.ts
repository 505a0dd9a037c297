/** Where to go after sign-in when `returnTo` is missing or not a local path. */
export const DEFAULT_RETURN_TO = '/helpdesk';

/** Only a path on this site, so the sign-in cannot be used to send someone elsewhere. */
export function localPath(returnTo: string): string {
  if (!returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.includes('\\'))
    return DEFAULT_RETURN_TO;
  const url = new URL(returnTo, 'http://local.invalid');
  return url.origin === 'http://local.invalid'
    ? `${url.pathname}${url.search}${url.hash}`
    : DEFAULT_RETURN_TO;
}
