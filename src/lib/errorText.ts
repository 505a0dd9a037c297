const MAX_LENGTH = 200;
/**
 * What a phone number or a one-time code looks like: `+` and 7+ digits, a national number (`070-123 45
 * 67`), or six digits alone. Not AD's diagnostic codes (`80090308`, `0000052D`), which operators need.
 */
const SECRET_DIGITS =
  /(?<![\p{L}\p{N}])(?:\+\d(?:[ -]?\d){6,}|0[1-9](?:[ -]?\d){5,}|\d{6})(?![\p{L}\p{N}])/gu;

/**
 * An error as one line for a log or a wrapping error: its type (unless plain `Error`), its code
 * (`ECONNREFUSED`, an LDAP result code, Graph's error code) and the first line of its message.
 * Libraries' messages may quote what was sent (a JSON body, the recipient of an SMS), so what looks like
 * a phone number or a code is masked, later lines dropped and the length capped. A thrown value that is not
 * an Error could be anything, so only its type is told.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof Error))
    return typeof error === 'string' ? safeLine(error) : `thrown ${typeof error}`;
  const code: unknown = (error as { code?: unknown }).code;
  const label = [
    error.name === 'Error' ? '' : error.name,
    typeof code === 'string' || typeof code === 'number' ? String(code) : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  const message = safeLine(error.message);
  if (label === '') return message === '' ? 'Error' : message;
  return message === '' ? label : `${label}: ${message}`;
}

function safeLine(text: string): string {
  const line = (text.split('\n')[0] ?? '').trim().replace(SECRET_DIGITS, '…');
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}
