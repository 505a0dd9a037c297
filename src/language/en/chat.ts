import type { ChatWords } from '../types';
import { cards } from './cards';
import { commands } from './commands';

const time = (date: Date) =>
  date.toLocaleString('en-GB', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

export const chat: ChatWords = {
  ...cards,

  codeSentOwn: (last2, minutes) =>
    `We have sent a six-digit reset code to your mobile number ending in ••${last2}. The code is valid for ${minutes} minutes.`,
  codeSentUniform: (minutes, phone) =>
    `If the account exists and has a registered mobile number, a six-digit reset code has been sent to it. The code is valid for ${minutes} minutes. If no code arrives, contact the Service desk, tel. ${phone}.`,
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

  rejection: (reason) =>
    ({
      history: 'You have used that password before. Choose one you have not used.',
      complexity: 'It does not meet the organisation’s password rules.',
      'too-recent': 'The password was changed very recently and cannot be changed again yet.',
      policy: 'It does not meet the organisation’s password rules.',
    })[reason],
  passwordSubmitted: 'Password sent for checking (not shown).',
  passwordSaved: 'New password saved (not shown)',

  doneUnlocked: 'Your account is now unlocked.',
  donePasswordSet: 'Your account is now unlocked and your password has been changed.',
  doneWasNotLocked: 'Your account was not locked, so you can sign in with your current password.',
  doneCloudLockout:
    'Your account exists only in the cloud (Microsoft Entra ID). There, an account locked by too many failed sign-ins unlocks by itself within a few minutes. Wait a little and try again.',
  doneTips: [
    'Change the password in the mail app on your phone and tablet.',
    'Sign in again to Wi-Fi networks that saved your old password.',
    'Sign out of computers where you are still signed in with the old password.',
  ],
  finished: 'You can now go back to the sign-in screen and sign in. Good luck!',

  submittedUsername: (username) => `Username: ${username}`,
  submittedOtherUsername: 'Username given',
  submittedCode: 'The code was right',
  submittedChoice: (choice) => `You chose: ${choice}`,

  cancelled: `OK, I have cancelled. Nothing has been changed. Say “${commands.start}” when you want to start again.`,
  expired: `Too much time has passed, so the case was closed for your security. Nothing has been changed. Say “${commands.start}” to start again.`,
  help: (phone) =>
    `I help you unlock your account or set a new password: give your username, type the code you get by SMS and choose what you want to do. Type “${commands.cancel[0]}” to stop. If you have no registered mobile number, contact the Service desk, tel. ${phone}.`,
  stepHelp: (step, phone) =>
    ({
      account: `I need to know which account this is about. Tap your own account if it is offered, or type the username (for example anna.svensson) in the field or here in the chat. If you do not know your username, contact the Service desk, tel. ${phone}.`,
      code: `Type the six digits from the text message in the field and press Next, or type them here in the chat. If no text message arrives within a couple of minutes, choose “Send a new code”. If none arrives even then, contact the Service desk, tel. ${phone}.`,
      approval: `Without a mobile number your manager can confirm it is you: press the button, your manager gets a question in Teams and calls you or starts a video meeting. The answer comes on the card here. If you would rather call, contact the Service desk, tel. ${phone}.`,
      choice: `Choose the first option if you remember your password but the account is locked, the second if you have forgotten the password. If you are unsure, contact the Service desk, tel. ${phone}.`,
      password: `Type the same new password in both fields and press Next: at least 8 characters, a capital letter and a digit, no å, ä or ö, and not one you have used before. Never type it in the chat. If you are stuck, contact the Service desk, tel. ${phone}.`,
      done: `Your case is done. Press Finish and sign in as usual. If the account locks again, contact the Service desk, tel. ${phone}.`,
    })[step] + ` Type “${commands.cancel[0]}” to cancel.`,
  answeredBelow: 'You answered in the chat below.',
  cancelledCard: 'Cancelled. Nothing has been changed.',
  caseOver: `That case is over. Say “${commands.start}” to start again.`,
  staleCard: `That card belongs to an earlier step. Use the latest card, or say “${commands.start}” to start again.`,
  busy: `One moment: I am still working on your previous message. Please send this again in a little while.`,
  unreadableSubmit: 'I could not read what you sent. Please try again with the latest card.',
  personalChatOnly: `For your security I only help in a private chat. Open a chat with me (Reset Assistant) and say “${commands.start}”.`,
  somethingWentWrong: (phone) =>
    `Something went wrong on our side, and nothing has been changed. Try again in a little while, or contact the Service desk, tel. ${phone}.`,
  restartHint: `Say “${commands.start}” to start.`,
  tooManyGuesses: (phone) =>
    `Too many wrong codes have been entered for this account. For security, no more codes are checked today. Contact the Service desk, tel. ${phone}.`,
  tooManyCases: (phone) =>
    `You have started many cases in the last hour. Wait a while before you try again, or contact the Service desk, tel. ${phone}.`,
  emptyInput: 'I can only read text. Type your answer, or use the buttons on the card.',
  passwordInChat:
    'Never type your password directly in the chat. Use the fields on the card so the password is not shown. Preferably choose another password than the one you just typed.',
  chooseWithButtons: 'Choose one of the options on the card.',
};
