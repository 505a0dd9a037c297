import { SmsClient, type SmsClientOptions, type SmsSendResult } from '@azure/communication-sms';
import type { TokenCredential } from '@azure/identity';
import { errorText } from '../lib/errorText';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';
import { isAlphanumericSenderId, isE164 } from '../config/rules/senderId';

type PipelinePolicy = NonNullable<SmsClientOptions['additionalPolicies']>[number]['policy'];

export type AcsAuth =
  { readonly connectionString: string } | { readonly endpoint: string; readonly credential: TokenCredential };

export interface AcsSmsOptions {
  readonly auth: AcsAuth;
  /** Alphanumeric sender id (`Kommunen`) or a number the resource owns, in E.164. */
  readonly from: string;
  /** The whole send, retries included. */
  readonly timeoutMs?: number;
  /** Pipeline options for the SDK (tests pass `tlsOptions.ca` for the local endpoint). */
  readonly clientOptions?: SmsClientOptions;
}

/**
 * The SDK retries 5xx and 429/503 with Retry-After. That is safe (each recipient carries a
 * repeatability id, so ACS does not send twice) but must fit the turn: one retry after a short
 * pause, and a Retry-After longer than this is answered at once instead of waited out.
 */
export const ACS_RETRY = { maxRetries: 1, retryDelayInMs: 250, maxRetryDelayInMs: 1000 } as const;
const MAX_RETRY_AFTER_MS = 2000;

/** Sends through Azure Communication Services (`SmsClient.send`), one recipient per message. */
export class AcsSmsSender implements SmsSender {
  private readonly client: SmsClient;
  private readonly from: string;
  private readonly timeoutMs: number;

  constructor(options: AcsSmsOptions) {
    if (!isAlphanumericSenderId(options.from) && !isE164(options.from)) {
      throw new RangeError('from must be an alphanumeric sender id (≤ 11 characters) or an E.164 number');
    }
    const timeoutMs = options.timeoutMs ?? 5000;
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new RangeError('timeoutMs must be a positive whole number of milliseconds');
    }
    const clientOptions: SmsClientOptions = {
      retryOptions: ACS_RETRY,
      ...options.clientOptions,
      additionalPolicies: [
        ...(options.clientOptions?.additionalPolicies ?? []),
        { policy: refuseLongRetryAfter, position: 'perRetry' },
      ],
    };
    this.client =
      'connectionString' in options.auth
        ? new SmsClient(options.auth.connectionString, clientOptions)
        : new SmsClient(options.auth.endpoint, options.auth.credential, clientOptions);
    this.from = options.from;
    this.timeoutMs = timeoutMs;
  }

  async send(message: SmsMessage): Promise<void> {
    const abortSignal = AbortSignal.timeout(this.timeoutMs);
    let results: SmsSendResult[];
    try {
      results = await this.client.send(
        { from: this.from, to: [message.to], message: message.text },
        { enableDeliveryReport: true, tag: message.caseId, abortSignal },
      );
    } catch (error) {
      throw toSendError(error, abortSignal.aborted, this.timeoutMs);
    }
    const result = results.find((candidate) => candidate.to === message.to) ?? results[0];
    if (!result) throw new SmsSendError('ACS answered without a result for the recipient');
    const failure = recipientFailure(result);
    if (failure) throw failure;
  }
}

/** A per-recipient result as a typed error, or `undefined` when ACS accepted the message. */
export function recipientFailure(result: SmsSendResult): SmsSendError | undefined {
  if (result.successful) return undefined;
  const status = result.httpStatusCode;
  const why = result.errorMessage ? `: ${redactDigits(result.errorMessage)}` : '';
  return new SmsSendError(`ACS did not accept the message (HTTP ${status}${why})`, {
    recoverable: isRetryableStatus(status),
  });
}

/** The SDK's exceptions (RestError, AbortError, network errors) as a typed error. */
export function toSendError(error: unknown, timedOut: boolean, timeoutMs: number): SmsSendError {
  if (error instanceof SmsSendError) return error;
  if (timedOut || (error instanceof Error && error.name === 'AbortError')) {
    return new SmsSendError(`ACS did not answer within ${timeoutMs} ms`, { recoverable: true });
  }
  const status = numberField(error, 'statusCode');
  if (status !== undefined) {
    return new SmsSendError(`ACS answered HTTP ${status}`, {
      cause: error,
      recoverable: isRetryableStatus(status),
    });
  }
  const code = stringField(error, 'code');
  const certificate = code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code);
  return new SmsSendError(`ACS could not be reached (${errorText(error)})`, {
    cause: error,
    recoverable: !certificate,
  });
}

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

// ACS error messages may quote the number; nothing longer than four digits leaves this module.
function redactDigits(text: string): string {
  return text.replace(/\+?\d[\d\s-]{4,}\d/g, '…').slice(0, 200);
}

const refuseLongRetryAfter: PipelinePolicy = {
  name: 'refuseLongRetryAfter',
  async sendRequest(request, next) {
    const response = await next(request);
    if (response.status !== 429 && response.status !== 503) return response;
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
      throw new SmsSendError(
        `ACS answered HTTP ${response.status} and asks to wait ${Math.ceil(retryAfterMs / 1000)} s`,
        { recoverable: true },
      );
    }
    return response;
  },
};

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const field: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  return typeof field === 'number' ? field : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const field: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
  return typeof field === 'string' ? field : undefined;
}
