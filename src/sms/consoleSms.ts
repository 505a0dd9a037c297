import type { PhoneNumber } from '../reset/account';
import { SmsSendError } from '../reset/errors';
import type { SmsMessage, SmsSender } from '../reset/ports';

/**
 * The demo's SMS channel: prints each message, code included, as a framed block for the person trying
 * the bot. It writes to its own stream rather than the logger because logs must never hold the code.
 */
export class ConsoleSmsSender implements SmsSender {
  constructor(private readonly out: NodeJS.WritableStream = process.stdout) {}

  send(message: SmsMessage): Promise<void> {
    const rule = '─'.repeat(48);
    const body = message.text.split(/\r?\n/).map((line) => `│ ${line}`);
    const block = [
      '',
      `┌${rule}`,
      `│ 📱 SMS till ${formatForDisplay(message.to)}`,
      '│',
      ...body,
      `└${rule}`,
      '',
    ].join('\n');
    return new Promise((resolve, reject) => {
      this.out.write(block, (error) => {
        if (error)
          reject(new SmsSendError('could not write the demo SMS', { cause: error, recoverable: false }));
        else resolve();
      });
    });
  }
}

/** Swedish mobile numbers grouped the way people write them (`+46 70 174 06 05`); others as stored. */
function formatForDisplay(phone: PhoneNumber): string {
  const swedishMobile = /^\+46(7\d)(\d{3})(\d{2})(\d{2})$/.exec(phone);
  return swedishMobile ? `+46 ${swedishMobile.slice(1).join(' ')}` : phone;
}
