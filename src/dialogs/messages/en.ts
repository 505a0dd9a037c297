import type { Messages } from './types';

const time = (date: Date) =>
  date.toLocaleString('en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

export const en: Messages = {
  locale: 'en',
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
  codeSentOwn: (last2, minutes) =>
    `We have sent a six-digit reset code to your mobile number ending in ••${last2}. The code is valid for ${minutes} minutes.`,
  codeSentUniform: (minutes, phone) =>
    `If the account exists and has a registered mobile number, a six-digit reset code has been sent to it. The code is valid for ${minutes} minutes. If no code arrives, contact the Service desk, tel. ${phone}.`,
  codeLabel: 'Reset code (six digits)',
  codePlaceholder: '123456',
  resendCode: 'Send a new code',
  codeInvalidFormat: 'The code is six digits. Type only the digits from the SMS.',
  codeWrong: (left) => `That code is not right. You have ${left} ${left === 1 ? 'try' : 'tries'} left.`,
  codeExhausted: 'You have entered a wrong code too many times. Choose “Send a new code” to get a new one.',
  codeExpired: 'The code has expired. Choose “Send a new code” to get a new one.',
  codeResent: 'A new code has been sent. The old code no longer works.',
  resendCooldown: (seconds) => `Please wait ${seconds} seconds before asking for a new code.`,

  noPhone: (phone) =>
    `There is no mobile number registered on your account, so we cannot send a code. Contact the Service desk, tel. ${phone}, and they will help you.`,
  disabled: (phone) =>
    `Your account is disabled and cannot be unlocked here. Contact the Service desk, tel. ${phone}.`,
  blocked: (until, phone) =>
    `You have asked for too many codes. For your security you cannot get more codes until ${time(until)}. If you need help now, contact the Service desk, tel. ${phone}.`,
  smsFailed: (phone) =>
    `We could not send the SMS right now. Try again in a little while, or contact the Service desk, tel. ${phone}.`,
  directoryUnavailable: (phone) =>
    `We cannot reach the account directory right now, so nothing has been changed. Try again in a little while, or contact the Service desk, tel. ${phone}.`,
  notWritable: (phone) => `This account cannot be changed here. Contact the Service desk, tel. ${phone}.`,

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
  rejection: (reason) =>
    ({
      history: 'You have used that password before. Choose one you have not used.',
      complexity: 'It does not meet the organisation’s password rules.',
      'too-recent': 'The password was changed very recently and cannot be changed again yet.',
      policy: 'It does not meet the organisation’s password rules.',
    })[reason],
  passwordSubmitted: 'Password sent for checking (not shown).',
  passwordBreaksRules: 'The password does not meet the rules above.',
  submittedResend: 'New code requested.',
  codeEntered: 'Code entered.',

  doneTitle: 'Done!',
  doneUnlocked: 'Your account is now unlocked.',
  donePasswordSet: 'Your account is now unlocked and your password has been changed.',
  doneWasNotLocked: 'Your account was not locked, so you can sign in with your current password.',
  doneCloudLockout:
    'Your account exists only in the cloud (Microsoft Entra ID). There, an account locked by too many failed sign-ins unlocks by itself within a few minutes. Wait a little and try again.',
  doneTipsTitle: 'How to avoid being locked out again',
  doneTips: [
    'Change the password in the mail app on your phone and tablet.',
    'Sign in again to Wi-Fi networks that saved your old password.',
    'Sign out of computers where you are still signed in with the old password.',
  ],
  finish: 'Finish',
  finished: 'You can now go back to the sign-in screen and sign in. Good luck!',

  submittedUsername: (username) => `Username: ${username}`,
  submittedCode: 'Code accepted.',
  submittedChoice: (choice) => `You chose: ${choice}`,

  cancelled: 'OK, I have cancelled. Nothing has been changed. Say “hi” when you want to start again.',
  expired:
    'Too much time has passed, so the case was closed for your security. Nothing has been changed. Say “hi” to start again.',
  help: (phone) =>
    `I help you unlock your account or set a new password: give your username, type the code you get by SMS and choose what you want to do. Type “cancel” to stop. If you have no registered mobile number, contact the Service desk, tel. ${phone}.`,
  staleCard: 'That card belongs to an earlier step. Use the latest card, or say “hi” to start again.',
  unreadableSubmit: 'I could not read what you sent. Please try again with the latest card.',
  personalChatOnly:
    'For your security I only help in a private chat. Open a chat with me (Reset Assistant) and say “hi”.',
  somethingWentWrong: (phone) =>
    `Something went wrong on our side, and nothing has been changed. Try again in a little while, or contact the Service desk, tel. ${phone}.`,
  restartHint: 'Say “hi” to start.',
  tooManyGuesses: (phone) =>
    `Too many wrong codes have been entered for this account. For security, no more codes are checked today. Contact the Service desk, tel. ${phone}.`,
  tooManyCases: (phone) =>
    `You have started many cases in the last hour. Wait a while before you try again, or contact the Service desk, tel. ${phone}.`,
  emptyInput: 'I can only read text. Type your answer, or use the buttons on the card.',
  passwordInChat:
    'Never type your password directly in the chat. Use the fields on the card so the password is not shown. Preferably choose another password than the one you just typed.',
  chooseWithButtons: 'Choose one of the options on the card.',
};
