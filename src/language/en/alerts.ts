import type { AlertWords } from '../types';

export const alerts: AlertWords = {
  kinds: {
    'no-phone': {
      title: 'No mobile number registered',
      explanation:
        'The account has no mobile number for the SMS code, so the user cannot reset it themselves.',
    },
    blocked: {
      title: 'The account is blocked from codes',
      explanation:
        'Too many SMS codes or wrong codes for the account. The block lifts by itself after a while.',
    },
    'not-own-account': {
      title: 'Asking about someone else’s account',
      explanation: 'The person writing to the assistant is not the account’s owner according to Teams.',
    },
    'directory-error': {
      title: 'The directory does not answer',
      explanation:
        'The account could not be looked up or changed in the directory (Active Directory or Entra ID).',
    },
    'sms-failed': {
      title: 'The SMS could not be sent',
      explanation: 'The SMS provider did not accept the code, so the user got no code.',
    },
    'sms-budget': {
      title: 'The hourly SMS limit is reached',
      explanation:
        'The assistant has sent as many codes as allowed per hour. No more codes are sent until the limit lifts.',
    },
    'possible-impersonation': {
      title: 'Possible impersonation',
      explanation:
        "The manager asked to confirm the identity answered that it is not the person. Someone may have used another person's Teams. The case is closed; reach the account owner another way.",
    },
  },
  heading: (title) => `Alert: ${title}`,
  account: 'Account',
  noAccount: 'No account was found for the name',
  requester: 'Asked by',
  unknownRequester: 'Unknown',
  ownAccount: 'Own account',
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
  time: 'Time',
  openCase: 'Open the case',
};
