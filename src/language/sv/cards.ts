import type { CardWords } from '../types';

export const cards: CardWords = {
  welcomeTitle: 'Har du problem att logga in?',
  welcomeText:
    'Här kan du låsa upp ditt konto eller ange ett nytt lösenord. Du får en sexsiffrig återställningskod via SMS till ditt registrerade mobilnummer.',
  phoneRequired: (phone) =>
    `Du måste ha registrerat ditt mobilnummer för att detta ska fungera. Annars kontakta Servicedesk, tel. ${phone}.`,
  usernameLabel: 'Användarnamn',
  usernamePlaceholder: 't.ex. anna.svensson',
  ownAccountButton: (username) => `Det gäller mitt konto (${username})`,
  otherAccountHint: 'Gäller det ett annat konto? Skriv användarnamnet nedan.',
  next: 'Nästa',
  cancel: 'Avbryt',
  invalidUsername:
    'Det där ser inte ut som ett användarnamn. Skriv ditt användarnamn, till exempel anna.svensson, utan mellanslag.',

  codeTitle: 'Ange koden från SMS:et',
  codeLabel: 'Återställningskod (sex siffror)',
  codePlaceholder: '123456',
  resendCode: 'Skicka en ny kod',
  codeInvalidFormat: 'Koden består av sex siffror. Skriv bara siffrorna från SMS:et.',

  choiceTitle: 'Vad vill du göra?',
  choiceIntro:
    'Om du kommer ihåg ditt lösenord men ändå inte kan logga in kan ditt konto vara låst på grund av för många felaktiga inloggningsförsök.',
  choiceKeep: 'Behåll ditt nuvarande lösenord och lås upp ditt konto',
  choiceNew: 'Ange ett nytt lösenord och lås upp ditt konto',

  passwordTitle: 'Ange ett nytt lösenord',
  passwordRules:
    'Lösenordet måste innehålla minst 8 tecken, en stor bokstav och en siffra och får inte innehålla å, ä eller ö. Du kan inte använda ett lösenord som du har haft tidigare.',
  passwordLabel: 'Nytt lösenord',
  passwordRepeatLabel: 'Upprepa det nya lösenordet',
  passwordNotAccepted: 'Lösenordet godtogs inte:',
  violation: (violation) =>
    ({
      empty: 'Du har inte skrivit något lösenord.',
      'too-short': 'Det är kortare än 8 tecken.',
      'too-long': 'Det är längre än 128 tecken.',
      'no-uppercase': 'Det saknar en stor bokstav (A–Z).',
      'no-digit': 'Det saknar en siffra (0–9).',
      'swedish-letters': 'Det innehåller å, ä eller ö.',
      'non-ascii': 'Det innehåller tecken som inte är tillåtna (till exempel accenter eller emoji).',
      'contains-username': 'Det innehåller ditt användarnamn eller namn.',
      mismatch: 'Lösenorden i de två fälten är inte likadana.',
      'common-password': 'Det är ett vanligt lösenord eller innehåller ett ord som är lätt att gissa.',
    })[violation],
  passwordBreaksRules: 'Lösenordet uppfyller inte reglerna ovan.',

  doneTitle: 'Klart!',
  doneTipsTitle: 'Så undviker du att kontot låses igen',
  finish: 'Slutför',
  startAgain: 'Börja om',
  codeChatHint: 'Du kan också skriva koden här i chatten och trycka Enter.',
};
