import type { ServiceDeskWords } from '../types';

export const serviceDesk: ServiceDeskWords = {
  outcomes: {
    open: 'In progress',
    unlocked: 'Unlocked',
    'password-set': 'New password',
    'wrong-code': 'Wrong code',
    'no-phone': 'No mobile number',
    blocked: 'Blocked (too many codes)',
    cancelled: 'Cancelled',
    abandoned: 'Abandoned',
    expired: 'Timed out',
    'directory-error': 'Directory error',
    'sms-error': 'SMS error',
  },
  choices: {
    unlock: 'Keep password and unlock',
    'new-password': 'New password and unlock',
  },
  events: {
    started: 'Case started',
    'account-entered': 'Account entered',
    'code-sent': 'Code sent by SMS',
    'code-verified': 'Right code entered',
    'code-wrong': 'Wrong code entered',
    'choice-made': 'Choice made',
    'password-rejected': 'Password not accepted',
    finished: 'Finished',
    outcome: 'Outcome',
    throttled: 'Stopped by the SMS limit',
    'sms-failed': 'SMS could not be sent',
    'directory-error': 'Directory error',
    'owner-notified': 'Owner told by SMS',
    'owner-not-notified': 'Owner could not be told by SMS',
    'owner-told': 'Owner told in Teams',
    'owner-not-reachable': 'Owner could not be reached in Teams',
    'notice-followed': 'Started from a lockout notice',
    'notice-sent': 'Notice sent in Teams',
    'notice-unreachable': 'Notice could not reach the person in Teams',
  },
  verbs: {
    'account.submit': 'Sent a username',
    'account.own': 'Chose their own account',
    'code.submit': 'Sent a code',
    'code.resend': 'Asked for a new code',
    'choice.unlock': 'Chose: keep password and unlock',
    'choice.newPassword': 'Chose: new password and unlock',
    'password.submit': 'Sent a new password',
    'done.finish': 'Done',
    cancel: 'Cancelled',
  },
  toCaseList: 'To the case list',
  notices: {
    readFailed: {
      title: 'Something went wrong',
      sentences: ['The cases could not be read right now. Try again in a little while.'],
    },
    caseMissing: {
      title: 'The case does not exist',
      sentences: ['It may have been deleted after the retention period, or the link is wrong.'],
    },
    pageMissing: {
      title: 'The page does not exist',
      sentences: ['The address is wrong or the case no longer exists.'],
    },
    signInUnavailable: {
      title: 'Sign-in does not work right now',
      sentences: ['Try again in a little while, or contact IT if the problem remains.'],
    },
    entraNotConfigured: {
      title: 'The page does not exist',
      sentences: ['Sign-in with Entra ID is not set up.'],
    },
    signInRefused: { title: 'You are not signed in', linkText: 'Try again' },
    signedInInPopup: {
      title: 'You are signed in',
      sentences: ['You can close this window; the service desk tab in Teams reloads.'],
    },
    linkUnusable: {
      title: 'The link does not work',
      sentences: [
        'The link has already been used, is too old or is mistyped.',
        'Ask for a new one on the sign-in page: it is printed in the terminal where the bot runs.',
      ],
      linkText: 'To the sign-in',
    },
    linksUnavailable: {
      title: 'That did not work',
      sentences: ['One-time links exist only in demo and development mode.'],
    },
    linkPrinted: {
      title: 'A new link is in the terminal',
      sentences: [
        'Open the link just printed in the terminal where the bot runs. It works once, for one hour.',
      ],
    },
    signOutForged: {
      title: 'That did not work',
      sentences: ['The sign-out did not come from this page. Reload the page and try again.'],
    },
    signedOut: {
      title: 'You are signed out',
      sentences: ['Close the browser window if you use a shared computer.'],
      linkText: 'Sign in again',
    },
  },
  signIn: {
    cancelled: 'The sign-in was cancelled and you are not signed in.',
    notAllowed: (role) =>
      `You have no access to the service desk view – ask your administrator for the role ${role}.`,
    stateMismatch: 'The sign-in could not be completed – start over and sign in again.',
    failed: 'The sign-in failed because of a technical error – try again in a little while.',
    recheck: 'Your access is checked every hour – sign in again to continue.',
  },
};
