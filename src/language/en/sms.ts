import type { SmsWords } from '../types';

export const sms: SmsWords = {
  codeText: (code, org, minutes) =>
    `${code} is your code to unlock your account at ${org}. ` +
    `It is valid for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. ` +
    'Never share this code with anyone.',
};
