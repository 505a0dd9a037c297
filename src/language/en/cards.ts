import type { CardWords } from '../types';

export const cards: CardWords = {
  welcomeTitle: 'Having trouble signing in?',
  welcomeText:
    'Here you can unlock your account or set a new password. You will get a six-digit reset code by SMS on your registered mobile number.',
  phoneRequired: (phone) =>
    `You must have registered your mobile number for this to work. Otherwise contact the Service desk, tel. ${phone}.`,
  usernameLabel: 'Username',
  usernamePlaceholder: 'e.g. anna.svensson',
  ownAccountButton: (username) => `It is my account (${username})`,
  otherAccountHint: 'Is it another account? Type the username below.',
  next: 'Next',
  cancel: 'Cancel',
  invalidUsername:
    'That does not look like a username. Type your username, for example anna.svensson, without spaces.',

  codeTitle: 'Enter the code from the SMS',
  codeLabel: 'Reset code (six digits)',
  codePlaceholder: '123456',
  resendCode: 'Send a new code',
  codeInvalidFormat: 'The code is six digits. Type only the digits from the SMS.',

  choiceTitle: 'What would you like to do?',
  choiceIntro:
    'If you remember your password but still cannot sign in, your account may be locked because of too many failed sign-in attempts.',
  choiceKeep: 'Keep your current password and unlock your account',
  choiceNew: 'Enter a new password and unlock your account',

  passwordTitle: 'Enter a new password',
  passwordRules:
    'The password must contain at least 8 characters, one capital letter and one digit, and must not contain å, ä or ö. You cannot use a password you have had before.',
  passwordLabel: 'New password',
  passwordRepeatLabel: 'Repeat the new password',
  passwordNotAccepted: 'The password was not accepted:',
  violation: (violation) =>
    ({
      empty: 'You have not typed a password.',
      'too-short': 'It is shorter than 8 characters.',
      'too-long': 'It is longer than 128 characters.',
      'no-uppercase': 'It has no capital letter (A–Z).',
      'no-digit': 'It has no digit (0–9).',
      'swedish-letters': 'It contains å, ä or ö.',
      'non-ascii': 'It contains characters that are not allowed (such as accents or emoji).',
      'contains-username': 'It contains your username or name.',
      mismatch: 'The two passwords are not the same.',
      'common-password': 'It is a common password or contains a word that is easy to guess.',
    })[violation],
  passwordBreaksRules: 'The password does not meet the rules above.',

  doneTitle: 'Done!',
  doneTipsTitle: 'How to avoid being locked out again',
  finish: 'Finish',
  startAgain: 'Start again',
  codeChatHint: 'You can also type the code here in the chat and press Enter.',
};
