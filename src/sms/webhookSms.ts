import * as http from 'node:http';
import * as https from 'node:https';
import { errorText } from '../lib/errorText';
import { privateCaAgent } from '../lib/privateCa';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';
import { DEFAULT_BODY_TEMPLATE, parseBodyTemplate, type TemplateValues } from '../config/rules/bodyTemplate';

export { parseBodyTemplate } from '../config/rules/bodyTemplate';

export interface WebhookSmsOptions {
  /** The gateway endpoint. HTTPS, or plain HTTP to a loopback address (tests, a local relay). */
  readonly url: URL;
  /** Sent with every request, e.g. `{ 'x-api-key': '…' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last response byte. */
  readonly timeoutMs?: number;
  /** PEM certificate(s) to trust instead of the public CAs, for a gateway behind a private CA. */
  readonly ca?: string;
  /** `POST` unless the gateway wants `PUT`. */
  readonly method?: 'POST' | 'PUT';
  /**
   * The JSON body with `{{to}}`, `{{message}}` and `{{caseId}}` placeholders inside string values,
   * e.g. `{"recipient":"{{to}}","text":"{{message}}"}`. Default `{"to":"{{to}}","message":"{{message}}"}`.
   */
  readonly bodyTemplate?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

// Certificate problems are configuration, not a hiccup: trying again will not help.
const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;
const RETRY_PAUSE_MS = 200;

/**
 * Sends through a Swedish SMS gateway's HTTP API: `POST {"to":"+46…","message":"…"}` (or the configured
 * template), any 2xx = accepted. Built on node:http(s) rather than the global fetch because trusting a
 * private CA per sender (`ca`, through `privateCaAgent`) would need an undici dispatcher, and undici is
 * not a dependency.
 * Retries once, and only when the connection failed before the request could be written (refused, DNS,
 * reset during the TLS handshake): after that the gateway may have sent the SMS, so it is never repeated.
 */
export class WebhookSmsSender implements SmsSender {
  private readonly url: URL;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly timeoutMs: number;
  /** Trusts `ca` for this sender only; `undefined` = Node's global agent and the public CAs. */
  private readonly agent: https.Agent | undefined;
  private readonly method: 'POST' | 'PUT';
  private readonly renderBody: (values: TemplateValues) => string;

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
    this.agent =
      options.ca === undefined || url.protocol !== 'https:' ? undefined : privateCaAgent(options.ca);
    this.method = options.method ?? 'POST';
    this.renderBody = parseBodyTemplate(options.bodyTemplate ?? DEFAULT_BODY_TEMPLATE);
  }

  async send(message: SmsMessage): Promise<void> {
    const body = this.renderBody({ to: message.to, message: message.text, caseId: message.caseId });
    // One deadline for both attempts: the retry must fit the same turn.
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      await this.attempt(body, signal);
    } catch (error) {
      if (!(error instanceof NotConnectedError)) throw error;
      await pause(RETRY_PAUSE_MS, signal).catch(() => undefined);
      if (signal.aborted) throw this.toSendError(error.cause, signal);
      await this.attempt(body, signal).catch((second: unknown) => {
        throw second instanceof NotConnectedError ? this.toSendError(second.cause, signal) : second;
      });
    }
  }

  private attempt(body: string, signal: AbortSignal): Promise<void> {
    const transport = this.url.protocol === 'https:' ? https : http;
    const requestOptions: https.RequestOptions = {
      method: this.method,
      signal,
      headers: {
        ...this.headers,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        accept: 'application/json, */*;q=0.5',
      },
      ...(this.agent === undefined ? {} : { agent: this.agent }),
    };

    return new Promise<void>((resolve, reject) => {
      let connected = false;
      const fail = (error: Error): void => {
        const code = errorCode(error);
        const certificate = code !== undefined && CERTIFICATE_ERROR.test(code);
        if (!connected && !signal.aborted && !certificate) reject(new NotConnectedError(error));
        else reject(this.toSendError(error, signal));
      };
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
      request.on('socket', (socket) => {
        const ready = this.url.protocol === 'https:' ? 'secureConnect' : 'connect';
        // A reused keep-alive socket is already connected.
        if (!socket.connecting) connected = true;
        else
          socket.once(ready, () => {
            connected = true;
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
    return new SmsSendError(`the SMS gateway could not be reached (${errorText(error)})`, {
      cause: error,
      recoverable: !(code !== undefined && CERTIFICATE_ERROR.test(code)),
    });
  }
}

/** The connection failed before anything was written: the one case where trying again is safe. */
class NotConnectedError extends Error {
  constructor(override readonly cause: Error) {
    super('not connected', { cause });
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('aborted'));
    });
  });
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
