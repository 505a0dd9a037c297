import type { ApprovalWords } from '../types';

export const approval: ApprovalWords = {
  offerTitle: 'No mobile number registered',
  offerText: (phone) =>
    `There is no mobile number registered on your account, so we cannot send you a code. Your manager can confirm it is you, or you can call the service desk on ${phone}.`,
  askManager: 'Ask your manager to confirm it is you',
  waitingTitle: 'Waiting for your manager',
  waiting: (name, until) =>
    `We have asked ${name} to confirm it is you. Your manager will call you or start a video meeting, so keep Teams close. The answer comes here, by ${until} at the latest.`,
  stillWaiting: 'Your manager has not answered yet.',
  confirmedBy: (name) => `Confirmed by your manager: ${name}`,
  refused: (phone) =>
    `Your manager could not confirm it is you, so this case is closed. Please call the service desk on ${phone}.`,
  expired: (phone) =>
    `Your manager did not answer in time. Press Start again to ask again, or call the service desk on ${phone}.`,
  limit: (phone) =>
    `You have asked for your manager's confirmation several times today already. Please call the service desk on ${phone}.`,
  cardTitle: 'Confirm it is your colleague',
  cardIntro: (name) =>
    `${name} wants to unlock their account with Reset Assistant but has no mobile number registered. You are asked to confirm it really is them.`,
  name: 'Name',
  username: 'Username',
  department: 'Department',
  askedAt: 'Asked',
  howTo: (first) =>
    `Call ${first} or start a video meeting and hear for yourself that it is them. Do not confirm from a chat message: whoever writes may be someone else.`,
  validUntil: (until) => `The request is valid until ${until}.`,
  noPassword: 'You never see or choose a password; your colleague does that.',
  yes: (first) => `Yes, I have spoken to ${first} and it is ${first}`,
  no: 'No, that is not right',
  approvedCard: (name) =>
    `Thank you. You confirmed it is ${name}. They can now unlock the account or choose a new password in their chat with the assistant.`,
  refusedCard: (name) =>
    `Thank you. The case for ${name} is closed and the service desk has been alerted. Your colleague has been told to call the service desk.`,
  expiredCard: 'The request has run out. Nothing was changed.',
  alreadyDecided: 'The request has already been answered. Nothing was changed.',
  caseClosedCard: 'The case has already ended. Nothing was changed.',
  notYours: 'This request was not sent to you, so your answer does not count.',
  serviceDeskConfirmedBy: 'Confirmed by manager',
  serviceDeskAskedOf: "Manager's confirmation asked of",
};
