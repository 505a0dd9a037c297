import type { ChatWords } from '../types';
import { cards } from './cards';
import { commands } from './commands';

const time = (date: Date) =>
  date.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });

export const chat: ChatWords = {
  ...cards,

  codeSentOwn: (last2, minutes) =>
    `Vi har skickat en sexsiffrig återställningskod till ditt mobilnummer som slutar på ••${last2}. Koden gäller i ${minutes} minuter.`,
  codeSentUniform: (minutes, phone) =>
    `Om kontot finns och har ett registrerat mobilnummer har en sexsiffrig återställningskod skickats dit. Koden gäller i ${minutes} minuter. Får du ingen kod, kontakta Servicedesk, tel. ${phone}.`,
  codeWrong: (left) => `Koden stämmer inte. Du har ${left} försök kvar.`,
  codeExhausted: 'Du har skrivit fel kod för många gånger. Välj ”Skicka en ny kod” för att få en ny.',
  codeExpired: 'Koden har gått ut. Välj ”Skicka en ny kod” för att få en ny.',
  codeResent: 'En ny kod är skickad. Den gamla koden gäller inte längre.',
  resendCooldown: (seconds) => `Vänta ${seconds} sekunder innan du ber om en ny kod.`,

  noPhone: (phone) =>
    `Det finns inget mobilnummer registrerat på ditt konto, så vi kan inte skicka någon kod. Kontakta Servicedesk, tel. ${phone}, så hjälper de dig.`,
  disabled: (phone) =>
    `Ditt konto är inaktiverat och kan inte låsas upp här. Kontakta Servicedesk, tel. ${phone}.`,
  blocked: (until, phone) =>
    `Du har begärt för många koder. Av säkerhetsskäl kan du inte få fler koder förrän ${time(until)}. Behöver du hjälp nu, kontakta Servicedesk, tel. ${phone}.`,
  smsFailed: (phone) =>
    `Vi kunde inte skicka SMS:et just nu. Försök igen om en stund, eller kontakta Servicedesk, tel. ${phone}.`,
  directoryUnavailable: (phone) =>
    `Vi når inte kontokatalogen just nu, så inget har ändrats. Försök igen om en stund, eller kontakta Servicedesk, tel. ${phone}.`,
  notWritable: (phone) => `Det här kontot kan inte ändras här. Kontakta Servicedesk, tel. ${phone}.`,

  rejection: (reason) =>
    ({
      history: 'Du har haft det lösenordet tidigare. Välj ett som du inte har använt förut.',
      complexity: 'Det uppfyller inte kommunens lösenordsregler.',
      'too-recent': 'Lösenordet byttes nyss och kan inte bytas igen riktigt än.',
      policy: 'Det uppfyller inte kommunens lösenordsregler.',
    })[reason],
  passwordSubmitted: 'Lösenordet skickat för kontroll (visas inte).',
  passwordSaved: 'Nytt lösenord sparat (visas inte)',

  doneUnlocked: 'Ditt konto är nu upplåst.',
  donePasswordSet: 'Ditt konto är nu upplåst och ditt lösenord är bytt.',
  doneWasNotLocked: 'Ditt konto var inte låst, så du kan logga in med ditt nuvarande lösenord.',
  doneCloudLockout:
    'Ditt konto finns bara i molnet (Microsoft Entra ID). Där låses kontot upp automatiskt inom några minuter efter för många felaktiga inloggningsförsök. Vänta en stund och försök igen.',
  doneTips: [
    'Byt lösenordet i mejlappen på din mobil och surfplatta.',
    'Logga in på nytt i wifi-nätverk som sparat ditt gamla lösenord.',
    'Logga ut från datorer där du fortfarande är inloggad med det gamla lösenordet.',
  ],
  finished: 'Nu kan du gå tillbaka till inloggningsrutan och logga in. Lycka till!',

  submittedUsername: (username) => `Användarnamn: ${username}`,
  submittedOtherUsername: 'Användarnamn angivet',
  submittedCode: 'Koden stämde',
  submittedChoice: (choice) => `Du valde: ${choice}`,

  cancelled: `Okej, jag har avbrutit. Inget har ändrats. Skriv ”${commands.start}” när du vill börja om.`,
  expired: `Det gick för lång tid, så ärendet har avslutats av säkerhetsskäl. Inget har ändrats. Skriv ”${commands.start}” för att börja om.`,
  help: (phone) =>
    `Jag hjälper dig att låsa upp ditt konto eller ange ett nytt lösenord: ange ditt användarnamn, skriv in koden du får via SMS och välj vad du vill göra. Skriv ”${commands.cancel[0]}” för att avbryta. Har du inget registrerat mobilnummer, kontakta Servicedesk, tel. ${phone}.`,
  stepHelp: (step, phone) =>
    ({
      account: `Jag behöver veta vilket konto det gäller. Tryck på ditt eget konto om det visas, annars skriv användarnamnet (till exempel anna.svensson) i fältet eller här i chatten. Vet du inte ditt användarnamn, kontakta Servicedesk, tel. ${phone}.`,
      code: `Skriv de sex siffrorna från SMS:et i fältet och tryck Nästa, eller skriv dem här i chatten. Har inget SMS kommit inom ett par minuter, välj ”Skicka en ny kod”. Kommer det ändå inget, kontakta Servicedesk, tel. ${phone}.`,
      approval: `Har du inget mobilnummer kan din chef bekräfta att det är du: tryck på knappen, så får chefen en fråga i Teams och ringer dig eller startar ett videomöte. Svaret kommer på kortet här. Vill du hellre ringa, kontakta Servicedesk, tel. ${phone}.`,
      choice: `Välj det första alternativet om du minns ditt lösenord men kontot är låst, det andra om du har glömt lösenordet. Är du osäker, kontakta Servicedesk, tel. ${phone}.`,
      password: `Skriv samma nya lösenord i båda fälten och tryck Nästa: minst 8 tecken, en stor bokstav och en siffra, inga å, ä eller ö, och inte ett lösenord du haft förut. Skriv det aldrig i chatten. Kommer du inte vidare, kontakta Servicedesk, tel. ${phone}.`,
      done: `Ditt ärende är klart. Tryck Slutför och logga in som vanligt. Låses kontot igen, kontakta Servicedesk, tel. ${phone}.`,
    })[step] + ` Skriv ”${commands.cancel[0]}” för att avbryta.`,
  answeredBelow: 'Du svarade i chatten nedanför.',
  cancelledCard: 'Avbrutet. Inget har ändrats.',
  caseOver: `Det ärendet är avslutat. Skriv ”${commands.start}” för att börja om.`,
  staleCard: `Det kortet hör till ett tidigare steg. Använd det senaste kortet, eller skriv ”${commands.start}” för att börja om.`,
  busy: `Ett ögonblick: jag arbetar fortfarande med ditt förra meddelande. Skicka det här igen om en liten stund.`,
  unreadableSubmit: 'Jag kunde inte läsa det du skickade. Försök igen med det senaste kortet.',
  personalChatOnly: `Av säkerhetsskäl hjälper jag bara till i en privat chatt. Öppna en chatt med mig (Reset Assistant) och skriv ”${commands.start}”.`,
  somethingWentWrong: (phone) =>
    `Något gick fel hos oss, och inget har ändrats. Försök igen om en stund, eller kontakta Servicedesk, tel. ${phone}.`,
  restartHint: `Skriv ”${commands.start}” för att börja.`,
  tooManyGuesses: (phone) =>
    `För många felaktiga koder har angetts för det här kontot. Av säkerhetsskäl prövas inga fler koder i dag. Kontakta Servicedesk, tel. ${phone}.`,
  tooManyCases: (phone) =>
    `Du har startat många ärenden den senaste timmen. Vänta en stund innan du försöker igen, eller kontakta Servicedesk, tel. ${phone}.`,
  emptyInput: 'Jag kan bara läsa text. Skriv ditt svar, eller använd knapparna på kortet.',
  passwordInChat:
    'Skriv aldrig ditt lösenord direkt i chatten. Använd fälten i kortet, så visas lösenordet inte. Välj gärna ett annat lösenord än det du just skrev.',
  chooseWithButtons: 'Välj ett av alternativen på kortet.',
};
