import type { CardVerb } from '../cards/actions';
import type { AuditEvent } from '../reset/audit';
import type { CaseOutcome, CaseRecord, ResetChoice } from '../reset/case';

/** The words of the service-desk view: Swedish, for the service desk. */
export const outcomeLabels: Readonly<Record<CaseOutcome | 'open', string>> = {
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
};

export type Tone = 'success' | 'warning' | 'danger' | 'neutral' | 'info';

export function outcomeOf(record: CaseRecord): CaseOutcome | 'open' {
  return record.outcome ?? 'open';
}

export function toneOf(outcome: CaseOutcome | 'open'): Tone {
  switch (outcome) {
    case 'unlocked':
    case 'password-set':
      return 'success';
    case 'wrong-code':
    case 'no-phone':
    case 'blocked':
      return 'warning';
    case 'directory-error':
    case 'sms-error':
      return 'danger';
    case 'open':
      return 'info';
    default:
      return 'neutral';
  }
}

export const choiceLabels: Readonly<Record<ResetChoice, string>> = {
  unlock: 'Behåll lösenord och lås upp',
  'new-password': 'Nytt lösenord och lås upp',
};

const eventLabels: Readonly<Record<string, string>> = {
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
};

/** Event types added later still show, by their technical name. */
export function eventLabel(event: Pick<AuditEvent, 'type' | 'outcome'>): string {
  const label = eventLabels[event.type] ?? event.type;
  return event.type === 'outcome' && event.outcome !== undefined
    ? `${label}: ${outcomeLabels[event.outcome].toLocaleLowerCase('sv')}`
    : label;
}

export const verbLabels: Readonly<Record<CardVerb, string>> = {
  'account.submit': 'Skickade användarnamn',
  'account.own': 'Valde sitt eget konto',
  'code.submit': 'Skickade kod',
  'code.resend': 'Bad om en ny kod',
  'choice.unlock': 'Valde: behåll lösenord och lås upp',
  'choice.newPassword': 'Valde: nytt lösenord och lås upp',
  'password.submit': 'Skickade nytt lösenord',
  'done.finish': 'Klar',
  cancel: 'Avbröt',
};

/** An event's detail in the service desk's words where it is one of ours (the choice), as is otherwise. */
export function eventDetail(event: Pick<AuditEvent, 'type' | 'detail'>): string | undefined {
  if (event.detail !== undefined && event.detail in choiceLabels) {
    return choiceLabels[event.detail as ResetChoice];
  }
  return event.detail;
}

/** A page with one heading, a sentence or two and perhaps a way on: errors, refusals, confirmations. */
export interface Notice {
  readonly title: string;
  readonly sentences: readonly string[];
  readonly link?: { readonly href: string; readonly text: string };
  /** The sign-in window opened from the Teams tab closes itself after showing this. */
  readonly closesWindow?: boolean;
}

const toCaseList = { href: '/helpdesk/cases', text: 'Till ärendelistan' } as const;

export const notices = {
  readFailed: {
    title: 'Något gick fel',
    sentences: ['Ärendena kunde inte läsas just nu. Försök igen om en stund.'],
    link: toCaseList,
  },
  caseMissing: {
    title: 'Ärendet finns inte',
    sentences: ['Det kan ha gallrats efter lagringstiden, eller så är länken fel.'],
    link: toCaseList,
  },
  pageMissing: {
    title: 'Sidan finns inte',
    sentences: ['Adressen är fel eller ärendet finns inte längre.'],
    link: toCaseList,
  },
  signInUnavailable: {
    title: 'Inloggningen fungerar inte just nu',
    sentences: ['Försök igen om en stund, eller kontakta IT om felet består.'],
  },
  entraNotConfigured: { title: 'Sidan finns inte', sentences: ['Inloggning med Entra ID är inte inställd.'] },
  signInRefused: (sentence: string): Notice => ({
    title: 'Du är inte inloggad',
    sentences: [sentence],
    link: { href: '/helpdesk/login', text: 'Försök igen' },
  }),
  signedInInPopup: {
    title: 'Du är inloggad',
    sentences: ['Du kan stänga det här fönstret; servicedeskfliken i Teams laddas om.'],
    closesWindow: true,
  },
  linkUnusable: {
    title: 'Länken fungerar inte',
    sentences: [
      'Länken är redan använd, för gammal eller felskriven.',
      'Be om en ny på inloggningssidan: den skrivs ut i terminalen där boten körs.',
    ],
    link: { href: '/helpdesk/login', text: 'Till inloggningen' },
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
    link: { href: '/helpdesk/login', text: 'Logga in igen' },
  },
} satisfies Record<string, Notice | ((sentence: string) => Notice)>;

/** Why a sign-in did not end signed in, in one sentence for the page. */
export const signInMessages = {
  cancelled: () => 'Inloggningen avbröts och du är inte inloggad.',
  notAllowed: (role: string) =>
    `Du har inte behörighet till servicedeskvyn – be din administratör att ge dig rollen ${role}.`,
  stateMismatch: () => 'Inloggningen kunde inte slutföras – börja om och logga in igen.',
  failed: () => 'Inloggningen misslyckades på grund av ett tekniskt fel – försök igen om en stund.',
  recheck: () => 'Din behörighet kontrolleras varje timme – logga in igen för att fortsätta.',
} as const;
