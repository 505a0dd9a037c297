import assert from 'node:assert/strict';
import { toPhoneNumber, type PhoneNumber } from '../../src/reset/account';
import { SmsSendError } from '../../src/reset/errors';
import type { SmsMessage } from '../../src/reset/ports';

export function phone(value: string): PhoneNumber {
  const parsed = toPhoneNumber(value);
  assert.ok(parsed, value);
  return parsed;
}

/** A code SMS to Anna's number, as the reset service hands it to a sender. */
export function codeMessage(caseId: string): SmsMessage {
  return {
    to: phone('+46701740605'),
    text: '042917 är din kod för att låsa upp ditt konto hos Reset Kommun.',
    caseId,
  };
}

/** What every failure must satisfy: typed, with the status or cause named, and nothing of the message. */
export function sendError(message: SmsMessage, expected: { recoverable: boolean; mentions: RegExp }) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SmsSendError, String(error));
    assert.equal(error.recoverable, expected.recoverable, error.message);
    assert.match(error.message, expected.mentions);
    for (const secret of [message.to, message.to.slice(-7), message.text, /^\d{6}/.exec(message.text)?.[0]]) {
      if (secret) assert.ok(!error.message.includes(secret), `"${error.message}" leaks "${secret}"`);
    }
    return true;
  };
}
