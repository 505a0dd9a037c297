import type { ProactiveWords } from '../types';

export const proactive: ProactiveWords = {
  lockedOut: (username, time) =>
    `Your account (${username}) was locked at ${time}. Do you want to unlock it now?`,
  relockWhy:
    'The account locked again soon after it was unlocked. That is usually something still using the old password: the mail app on your phone, Wi-Fi, a mapped network drive or a computer you are still signed in to.',
  failedSignInsFrom: (sources) => `The failed sign-ins came from: ${sources}.`,
  unlockNow: 'Unlock my account',
  changedByOther: (change, username, time) =>
    `Your account (${username}) ${change === 'unlocked' ? 'was unlocked' : 'got a new password'} at ${time} by someone else through this bot.`,
  notYou: (phone) => `If you did not know about it, call the service desk on ${phone}.`,
  stopWords: ['stop', 'stopp'],
  startWords: ['start'],
  remindersStopped:
    'OK, no more reminders from me. Notices that your account was locked or changed still come. Type start to turn reminders on again.',
  remindersStarted: 'Reminders are on again. Type stop to turn them off.',
  expiresIn: (days, date) =>
    `Your password expires in ${days} ${days === 1 ? 'day' : 'days'}, on ${date}. Do you want to change it now?`,
  changePasswordNow: 'Change password',
  howToStop: 'No more reminders? Type stop.',
  noMobile: (username) =>
    `Your account (${username}) has no mobile number registered. With one, you can unlock your account and change your password here yourself, with a code by SMS.`,
  registerAt: 'Register your number with the button below.',
  registerButton: 'Register mobile number',
  registerWithServiceDesk: (phone) => `The service desk can also help you register it, on ${phone}.`,
  howToStopEnrollment: 'No more messages like this? Type stop.',
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};
