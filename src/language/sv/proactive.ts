import type { ProactiveWords } from '../types';

export const proactive: ProactiveWords = {
  lockedOut: (username, time) => `Ditt konto (${username}) låstes ${time}. Vill du låsa upp det nu?`,
  relockWhy:
    'Kontot låstes igen strax efter att det låstes upp. Det beror oftast på något som fortfarande använder det gamla lösenordet: e-postappen i telefonen, wifi, en mappad nätverksenhet eller en dator där du fortfarande är inloggad.',
  failedSignInsFrom: (sources) => `De misslyckade inloggningarna kom från: ${sources}.`,
  unlockNow: 'Lås upp mitt konto',
  changedByOther: (change, username, time) =>
    `Ditt konto (${username}) ${change === 'unlocked' ? 'låstes upp' : 'fick ett nytt lösenord'} ${time} av någon annan via den här boten.`,
  notYou: (phone) => `Om du inte kände till det, ring servicedesk på ${phone}.`,
  stopWords: ['stopp', 'stop'],
  startWords: ['start'],
  remindersStopped:
    'Okej, du får inga fler påminnelser från mig. Meddelanden om att ditt konto låsts eller ändrats kommer ändå. Skriv start för att slå på påminnelserna igen.',
  remindersStarted: 'Påminnelserna är på igen. Skriv stopp för att stänga av dem.',
  expiresIn: (days, date) =>
    `Ditt lösenord går ut om ${days} ${days === 1 ? 'dag' : 'dagar'}, den ${date}. Vill du byta det nu?`,
  changePasswordNow: 'Byt lösenord',
  howToStop: 'Vill du inte få fler påminnelser? Skriv stopp.',
  noMobile: (username) =>
    `Ditt konto (${username}) har inget mobilnummer registrerat. Med ett nummer kan du själv låsa upp kontot och byta lösenord här, med en kod via SMS.`,
  registerAt: 'Registrera ditt nummer med knappen nedan.',
  registerButton: 'Registrera mobilnummer',
  registerWithServiceDesk: (phone) => `Servicedesk hjälper dig också att registrera det, på ${phone}.`,
  howToStopEnrollment: 'Vill du inte få fler sådana meddelanden? Skriv stopp.',
  months: [
    'januari',
    'februari',
    'mars',
    'april',
    'maj',
    'juni',
    'juli',
    'augusti',
    'september',
    'oktober',
    'november',
    'december',
  ],
};
