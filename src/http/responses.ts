import type { Response } from 'restify';

/**
 * How our routes answer on restify: `sendRaw` with the Content-Type and Content-Length set here, so
 * restify's content negotiation and formatters never decide what goes out (HEAD gets no body).
 */

/** The one error answer: the status and a fixed sentence, never an error's details. */
export function publicError(status: number): { error: string; message: string } {
  return {
    error: status >= 500 ? 'internal-error' : status === 401 ? 'unauthorized' : 'bad-request',
    message: publicMessage(status),
  };
}

function publicMessage(status: number): string {
  if (status === 401) return 'Unauthorized.';
  if (status === 404) return 'Not found.';
  if (status === 405) return 'Method not allowed.';
  if (status === 413) return 'Request body too large.';
  if (status === 415) return 'Unsupported media type.';
  if (status >= 500) return 'Internal error.';
  return 'The request could not be read (malformed JSON?).';
}

/** Sends `body` as JSON with `status`. */
export function sendJson(res: Response, status: number, body: unknown): void {
  res.setHeader('Content-Type', 'application/json');
  sendText(res, status, JSON.stringify(body));
}

/** Sends `body` as it is, with whatever Content-Type the caller set. */
export function sendText(res: Response, status: number, body: string): void {
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.sendRaw(status, body);
}

export function redirect(res: Response, status: 302 | 303, location: string): void {
  res.setHeader('Location', location);
  sendText(res, status, '');
}

/** The response shape botbuilder's `CloudAdapter.process` writes to. */
export interface BotResponse {
  readonly socket: unknown;
  status(code: number): void;
  header(name: string, value: unknown): void;
  send(body: unknown): void;
  end(): void;
}

/**
 * What `CloudAdapter.process` writes (`status`, `header`, `send`, then `end`), sent over restify in
 * one piece. Its own error answers (401 with the reason, 500 with the error's message) are sent as our
 * fixed sentence instead: the reason goes to the log, not to whoever sent the request.
 */
export function botResponse(res: Response): BotResponse {
  let status = 200;
  let body: string | undefined;
  let type: string | undefined;
  return {
    socket: res.socket,
    status: (code) => {
      status = code;
    },
    header: (name, value) => {
      res.setHeader(name, String(value));
    },
    send: (value) => {
      if (value === undefined || value === null) return;
      if (typeof value === 'string') {
        type = 'text/plain; charset=utf-8';
        body = value;
      } else {
        type = 'application/json';
        body = JSON.stringify(value);
      }
    },
    end: () => {
      if (status >= 400 && type?.startsWith('text/plain')) {
        sendJson(res, status, publicError(status));
        return;
      }
      if (body === undefined) {
        sendText(res, status, '');
        return;
      }
      if (type === 'application/json' || !res.hasHeader('Content-Type'))
        res.setHeader('Content-Type', type ?? 'application/json');
      sendText(res, status, body);
    },
  };
}
