import type { ApprovalWords } from '../types';

export const approval: ApprovalWords = {
  offerTitle: 'Inget mobilnummer registrerat',
  offerText: (phone) =>
    `Det finns inget mobilnummer registrerat på ditt konto, så vi kan inte skicka någon kod. Din chef kan bekräfta att det är du, eller så ringer du Servicedesk, tel. ${phone}.`,
  askManager: 'Be din chef bekräfta att det är du',
  waitingTitle: 'Väntar på din chef',
  waiting: (name, until) =>
    `Vi har bett ${name} bekräfta att det är du. Din chef ringer dig eller startar ett videomöte, så ha Teams nära till hands. Svaret kommer här, senast kl. ${until}.`,
  stillWaiting: 'Din chef har inte svarat än.',
  confirmedBy: (name) => `Bekräftad av chef: ${name}`,
  refused: (phone) =>
    `Din chef kunde inte bekräfta att det är du, så ärendet är avslutat. Ring Servicedesk, tel. ${phone}, så hjälper de dig.`,
  expired: (phone) =>
    `Din chef hann inte svara. Tryck på Börja om för att fråga igen, eller ring Servicedesk, tel. ${phone}.`,
  limit: (phone) =>
    `Du har redan bett om chefens bekräftelse flera gånger i dag. Ring Servicedesk, tel. ${phone}, så hjälper de dig.`,
  cardTitle: 'Bekräfta att det är din medarbetare',
  cardIntro: (name) =>
    `${name} vill låsa upp sitt konto i Reset Assistant men har inget mobilnummer registrerat. Du är ombedd att bekräfta att det verkligen är hen.`,
  name: 'Namn',
  username: 'Användarnamn',
  department: 'Avdelning',
  askedAt: 'Frågade',
  howTo: (first) =>
    `Ring ${first} eller starta ett videomöte och hör själv att det är hen. Bekräfta inte utifrån ett chattmeddelande: den som skriver kan vara någon annan.`,
  validUntil: (until) => `Förfrågan gäller till kl. ${until}.`,
  noPassword: 'Du ser eller väljer aldrig något lösenord; det gör medarbetaren själv.',
  yes: (first) => `Ja, jag har pratat med ${first} och det är ${first}`,
  no: 'Nej, det stämmer inte',
  approvedCard: (name) =>
    `Tack. Du har bekräftat att det är ${name}. Hen kan nu låsa upp kontot eller välja ett nytt lösenord i sin chatt med assistenten.`,
  refusedCard: (name) =>
    `Tack. Ärendet för ${name} är avslutat och Servicedesk har fått ett larm. Medarbetaren har fått rådet att ringa Servicedesk.`,
  expiredCard: 'Förfrågan har gått ut. Inget har ändrats.',
  alreadyDecided: 'Förfrågan är redan besvarad. Inget har ändrats.',
  caseClosedCard: 'Ärendet är redan avslutat. Inget har ändrats.',
  notYours: 'Den här förfrågan är inte ställd till dig, så ditt svar räknas inte.',
  serviceDeskConfirmedBy: 'Bekräftad av chef',
  serviceDeskAskedOf: 'Chefens bekräftelse begärd av',
};
