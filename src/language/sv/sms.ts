import type { SmsWords } from '../types';

export const sms: SmsWords = {
  codeText: (code, org, minutes) =>
    `${code} är din kod för att låsa upp ditt konto hos ${org}. ` +
    `Den gäller i ${minutes} ${minutes === 1 ? 'minut' : 'minuter'}. ` +
    'Dela aldrig koden med någon.',
  changeText: ({ change, username, orgName, time, day, month, servicedeskPhone }) =>
    `${orgName !== undefined ? `${orgName}: ` : ''}Ditt konto${username !== undefined ? ` ${username}` : ''} ` +
    `${change === 'unlocked' ? 'låstes upp' : 'fick nytt lösenord'} ${day}/${month} kl. ${time} via Teams. ` +
    `Var det inte du? Ring servicedesk ${servicedeskPhone}.`,
};
