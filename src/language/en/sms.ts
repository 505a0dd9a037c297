import type { SmsWords } from '../types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const sms: SmsWords = {
  codeText: (code, org, minutes) =>
    `${code} is your code to unlock your account at ${org}. ` +
    `It is valid for ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. ` +
    'Never share this code with anyone.',
  changeText: ({ change, username, orgName, time, day, month, servicedeskPhone }) =>
    `${orgName !== undefined ? `${orgName}: ` : ''}Your account${username !== undefined ? ` ${username}` : ''} ` +
    `${change === 'unlocked' ? 'was unlocked' : 'got a new password'} on ${day} ${MONTHS[month - 1] ?? ''} at ${time} in Teams. ` +
    `Not you? Call the service desk on ${servicedeskPhone}.`,
};
