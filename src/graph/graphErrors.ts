import { DirectoryUnavailableError } from '../reset/errors';
import type { GraphResponse } from './graphApi';
import { parseGraphError } from './mapping';

/** The least-privileged application permission each kind of call needs (named in errors for the operator). */
export const permissions = {
  readUsers: 'User.Read.All',
  readPhoneMethods: 'UserAuthMethod-Phone.Read.All',
  readGroupMembers: 'GroupMember.Read.All',
  writePassword: 'User-PasswordProfile.ReadWrite.All',
} as const;

/** An answer the caller has no meaning for, as the typed error the domain understands. */
export function unexpectedAnswer(
  response: GraphResponse,
  what: string,
  permission: string,
): DirectoryUnavailableError {
  const error = parseGraphError(response.body);
  const detail = `${response.status}${error.code ? ` ${error.code}` : ''}${error.requestId ? `, request-id ${error.requestId}` : ''}`;
  if (response.status === 401)
    return new DirectoryUnavailableError(
      `Microsoft Graph refused the app's token while trying to ${what} (${detail}): check GRAPH_TENANT_ID, GRAPH_CLIENT_ID and the credential`,
    );
  if (response.status === 403)
    return new DirectoryUnavailableError(
      `Microsoft Graph denied ${what} (${detail}): grant the application permission ${permission} with admin consent`,
    );
  if (response.status === 429 || response.status >= 500)
    return new DirectoryUnavailableError(
      `Microsoft Graph is throttling or unavailable; could not ${what} (${detail})`,
    );
  return new DirectoryUnavailableError(`Microsoft Graph gave an unexpected answer to ${what} (${detail})`);
}
