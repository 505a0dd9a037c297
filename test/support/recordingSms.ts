import type { SmsMessage, SmsSender } from '../../src/reset/ports';
import { SmsSendError } from '../../src/reset/errors';

/**
 * An SMS provider that keeps what it is given. `attempted` holds every message handed over, `sent` only
 * those it accepted; `failWith` makes the following sends fail, as a gateway that is down would.
 */
export class RecordingSmsSender implements SmsSender {
  readonly attempted: SmsMessage[] = [];
  readonly sent: SmsMessage[] = [];
  private failure: Error | undefined;

  send(message: SmsMessage): Promise<void> {
    this.attempted.push(message);
    if (this.failure) return Promise.reject(this.failure);
    this.sent.push(message);
    return Promise.resolve();
  }

  /** Every later send fails with `error` (an `SmsSendError` by default) until `recover()`. */
  failWith(error: Error = new SmsSendError('the SMS gateway answered HTTP 503')): void {
    this.failure = error;
  }

  recover(): void {
    this.failure = undefined;
  }

  /** The code in the last message that reached a phone. */
  lastCode(): string {
    const last = this.sent.at(-1);
    if (!last) throw new Error('no SMS has been sent');
    return codeIn(last);
  }

  /** The code in the last message handed over, whether or not it was delivered. */
  lastAttemptedCode(): string {
    const last = this.attempted.at(-1);
    if (!last) throw new Error('no SMS has been attempted');
    return codeIn(last);
  }

  /** Every code handed over, delivered or not, oldest first. */
  allCodes(): string[] {
    return this.attempted.map(codeIn);
  }
}

/** The six-digit code in an SMS text; throws when there is not exactly one. */
export function codeIn(message: SmsMessage): string {
  const codes = message.text.match(/(?<!\d)\d{6}(?!\d)/g) ?? [];
  const [code] = codes;
  if (codes.length !== 1 || code === undefined) {
    throw new Error(`expected one six-digit code in the SMS, found ${codes.length}`);
  }
  return code;
}
