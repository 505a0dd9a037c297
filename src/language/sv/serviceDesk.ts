import type { ServiceDeskWords } from '../types';

export const serviceDesk: ServiceDeskWords = {
  outcomes: {
    open: 'Pågår',
    unlocked: 'Upplåst',
    'password-set': 'Nytt lösenord',
    'wrong-code': 'Fel kod',
    'no-phone': 'Inget mobilnummer',
    blocked: 'Spärrat (för många koder)',
    cancelled: 'Avbrutet',
    abandoned: 'Övergivet',
    expired: 'Tiden gick ut',
    'directory-error': 'Katalogfel',
    'sms-error': 'SMS-fel',
  },
  choices: {
    unlock: 'Behåll lösenord och lås upp',
    'new-password': 'Nytt lösenord och lås upp',
  },
  events: {
    started: 'Ärendet startade',
    'account-entered': 'Konto angivet',
    'code-sent': 'Kod skickad med SMS',
    'code-verified': 'Rätt kod angiven',
    'code-wrong': 'Fel kod angiven',
    'choice-made': 'Val gjort',
    'password-rejected': 'Lösenordet godtogs inte',
    finished: 'Avslutat',
    outcome: 'Utfall',
    throttled: 'Stoppat av SMS-gränsen',
    'sms-failed': 'SMS kunde inte skickas',
    'directory-error': 'Fel i katalogen',
    'owner-notified': 'Kontoägaren fick besked med SMS',
    'owner-not-notified': 'Kontoägaren kunde inte få besked med SMS',
    'owner-told': 'Kontoägaren fick besked i Teams',
    'owner-not-reachable': 'Kontoägaren kunde inte nås i Teams',
    'notice-followed': 'Startat från ett meddelande om låst konto',
    'notice-sent': 'Meddelande skickat i Teams',
    'notice-unreachable': 'Meddelande kunde inte nå personen i Teams',
  },
  verbs: {
    'account.submit': 'Skickade användarnamn',
    'account.own': 'Valde sitt eget konto',
    'code.submit': 'Skickade kod',
    'code.resend': 'Bad om en ny kod',
    'choice.unlock': 'Valde: behåll lösenord och lås upp',
    'choice.newPassword': 'Valde: nytt lösenord och lås upp',
    'password.submit': 'Skickade nytt lösenord',
    'done.finish': 'Klar',
    cancel: 'Avbröt',
  },
  toCaseList: 'Till ärendelistan',
  notices: {
    readFailed: {
      title: 'Något gick fel',
      sentences: ['Ärendena kunde inte läsas just nu. Försök igen om en stund.'],
    },
    caseMissing: {
      title: 'Ärendet finns inte',
      sentences: ['Det kan ha gallrats efter lagringstiden, eller så är länken fel.'],
    },
    pageMissing: {
      title: 'Sidan finns inte',
      sentences: ['Adressen är fel eller ärendet finns inte längre.'],
    },
    signInUnavailable: {
      title: 'Inloggningen fungerar inte just nu',
      sentences: ['Försök igen om en stund, eller kontakta IT om felet består.'],
    },
    entraNotConfigured: {
      title: 'Sidan finns inte',
      sentences: ['Inloggning med Entra ID är inte inställd.'],
    },
    signInRefused: { title: 'Du är inte inloggad', linkText: 'Försök igen' },
    signedInInPopup: {
      title: 'Du är inloggad',
      sentences: ['Du kan stänga det här fönstret; servicedeskfliken i Teams laddas om.'],
    },
    linkUnusable: {
      title: 'Länken fungerar inte',
      sentences: [
        'Länken är redan använd, för gammal eller felskriven.',
        'Be om en ny på inloggningssidan: den skrivs ut i terminalen där boten körs.',
      ],
      linkText: 'Till inloggningen',
    },
    linksUnavailable: {
      title: 'Det gick inte',
      sentences: ['Engångslänkar finns bara i demo- och utvecklingsläge.'],
    },
    linkPrinted: {
      title: 'En ny länk finns i terminalen',
      sentences: [
        'Öppna länken som just skrevs ut i terminalen där boten körs. Den fungerar en gång, i en timme.',
      ],
    },
    signOutForged: {
      title: 'Det gick inte',
      sentences: ['Utloggningen kom inte från den här sidan. Ladda om sidan och försök igen.'],
    },
    signedOut: {
      title: 'Du är utloggad',
      sentences: ['Stäng webbläsarfönstret om du använder en delad dator.'],
      linkText: 'Logga in igen',
    },
  },
  signIn: {
    cancelled: 'Inloggningen avbröts och du är inte inloggad.',
    notAllowed: (role) =>
      `Du har inte behörighet till servicedeskvyn – be din administratör att ge dig rollen ${role}.`,
    stateMismatch: 'Inloggningen kunde inte slutföras – börja om och logga in igen.',
    failed: 'Inloggningen misslyckades på grund av ett tekniskt fel – försök igen om en stund.',
    recheck: 'Din behörighet kontrolleras varje timme – logga in igen för att fortsätta.',
  },
};
