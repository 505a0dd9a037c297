import { checkMobileNumber, type MobileNumberPolicy } from '../lib/phoneNumber';
import { toPhoneNumber } from '../reset/account';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';

/**
 * Guards the real sender: a number that is not a mobile number in an allowed country is refused
 * before anything is sent, as a non-recoverable error, so the case records why and no code goes
 * to a landline or an expensive destination.
 */
export class MobileNumberGuard implements SmsSender {
  constructor(
    private readonly inner: SmsSender,
    private readonly policy: MobileNumberPolicy,
  ) {}

  send(message: SmsMessage): Promise<void> {
    const check = checkMobileNumber(message.to, this.policy);
    const to = check.ok ? toPhoneNumber(check.e164) : undefined;
    if (to === undefined) {
      const reason = check.ok ? 'unparseable' : check.reason;
      return Promise.reject(new SmsSendError(`number not allowed (${reason})`, { recoverable: false }));
    }
    return this.inner.send({ ...message, to });
  }
}
