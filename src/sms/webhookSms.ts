import * as http from 'node:http';
import * as https from 'node:https';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';

export interface WebhookSmsOptions {
  /** The gateway endpoint. HTTPS, or plain HTTP to a loopback address (tests, a local relay). */
  readonly url: URL;
  /** Sent with every request, e.g. `{ 'x-api-key': '…' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last response byte. */
  readonly timeoutMs?: number;
  /** PEM certificate(s) to trust instead of the public CAs, for a gateway behind a private CA. */
  readonly ca?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Certificate problems are configuration, not a hiccup: trying again will not help.
const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/**
 * Sends through a Swedish SMS gateway's HTTP API: `POST {"to":"+46…","message":"…"}`, any 2xx = accepted.
 * Built on node:http(s) rather than the global fetch because trusting a private CA per sender (`ca`)
 * would need an undici dispatcher, and undici is not a dependency. Does not retry: the caller decides.
 */
export class WebhookSmsSender implements SmsSender {
  private readonly url: URL;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  private readonly ca: string | undefined;

  constructor(options: WebhookSmsOptions) {
    const { url } = options;
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname))) {
      // The request carries the API key and the code.
      throw new TypeError(`the SMS webhook must use https (got ${url.protocol}//${url.host})`);
    }
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError('timeoutMs must be a positive whole number of milliseconds');
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      http.validateHeaderName(name);
      http.validateHeaderValue(name, value);
    }
    this.url = new URL(url.href);
    this.headers = { ...options.headers };
    this.timeoutMs = timeoutMs;
    this.ca = options.ca;
  }

  send(message: SmsMessage): Promise<void> {
    const body = JSON.stringify({ to: message.to, message: message.text });
    const signal = AbortSignal.timeout(this.timeoutMs);
    const transport = this.url.protocol === 'https:' ? https : http;
    const requestOptions: https.RequestOptions = {
      method: 'POST',
      signal,
      headers: {
        ...this.headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json, */*;q=0.5',
      },
      ...(this.ca === undefined ? {} : { ca: this.ca }),
    };

    return new Promise<void>((resolve, reject) => {
      const fail = (error: Error): void => reject(this.toSendError(error, signal));
      const request = transport.request(this.url, requestOptions, (response) => {
        const status = response.statusCode ?? 0;
        // The body may echo the number or the text, so it is read to free the socket and never kept.
        response.resume();
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new Error('the response ended early'));
          else if (status >= 200 && status < 300) resolve();
          else reject(statusError(status));
        });
      });
      request.on('error', fail);
      request.end(body);
    });
  }

  private toSendError(error: Error, signal: AbortSignal): SmsSendError {
    if (signal.aborted) {
      return new SmsSendError(`the SMS gateway did not answer within ${this.timeoutMs} ms`, {
        recoverable: true,
      });
    }
    const code = errorCode(error);
    return new SmsSendError(`the SMS gateway could not be reached (${code ?? error.message})`, {
      cause: error,
      recoverable: !(code !== undefined && CERTIFICATE_ERROR.test(code)),
    });
  }
}

/** 5xx, 408 and 429 are worth another try later; other statuses mean the request itself is wrong. */
function statusError(status: number): SmsSendError {
  const recoverable = status >= 500 || status === 408 || status === 429;
  return new SmsSendError(`the SMS gateway answered HTTP ${status}`, { recoverable });
}

function errorCode(error: Error): string | undefined {
  const code: unknown = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
