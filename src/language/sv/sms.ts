import type { SmsWords } from '../types';

export const sms: SmsWords = {
  codeText: (code, org, minutes) =>
    `${code} är din kod för att låsa upp ditt konto hos ${org}. ` +
    `Den gäller i ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}. ` +
    'Dela aldrig koden med någon.',
};
