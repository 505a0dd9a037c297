import type { AlertWords } from '../types';

export const alerts: AlertWords = {
  kinds: {
    'no-phone': {
      title: 'Inget mobilnummer registrerat',
      explanation: 'Kontot har inget mobilnummer för SMS-koden, så användaren kan inte återställa själv.',
    },
    blocked: {
      title: 'Kontot är spärrat för koder',
      explanation:
        'För många SMS-koder eller felaktiga koder för kontot. Spärren släpper av sig själv efter en tid.',
    },
    'not-own-account': {
      title: 'Frågar om någon annans konto',
      explanation: 'Den som skriver till assistenten är inte kontots ägare enligt Teams.',
    },
    'directory-error': {
      title: 'Katalogen svarar inte',
      explanation: 'Kontot kunde inte slås upp eller ändras i katalogen (Active Directory eller Entra ID).',
    },
    'sms-failed': {
      title: 'SMS kunde inte skickas',
      explanation: 'SMS-leverantören tog inte emot koden, så användaren fick ingen kod.',
    },
    'sms-budget': {
      title: 'Timgränsen för SMS är nådd',
      explanation:
        'Assistenten har skickat så många koder som tillåts per timme. Inga fler koder skickas förrän gränsen släpper.',
    },
    'possible-impersonation': {
      title: 'Möjligt identitetsbedrägeri',
      explanation:
        'Chefen som ombads bekräfta identiteten svarade att det inte är personen. Någon kan ha använt en annans Teams. Ärendet är avslutat; kontakta kontots ägare på annat sätt.',
    },
  },
  heading: (title) => `Larm: ${title}`,
  account: 'Konto',
  noAccount: 'Inget konto hittades för namnet',
  requester: 'Frågat av',
  unknownRequester: 'Okänd',
  ownAccount: 'Eget konto',
  yes: 'Ja',
  no: 'Nej',
  unknown: 'Okänt',
  time: 'Tid',
  openCase: 'Öppna ärendet',
};
