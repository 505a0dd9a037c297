import type { CardVerb } from '../cards/actions';
import { serviceDeskWords, type LinkedNoticeWords, type NoticeWords } from '../language';
import type { AuditEvent } from '../reset/audit';
import type { CaseOutcome, CaseRecord, ResetChoice } from '../reset/case';

const w = serviceDeskWords.serviceDesk;

/** The service-desk view's words: Swedish by design, from `src/language` (the service desk's language). */
export const outcomeLabels: Readonly<Record<CaseOutcome | 'open', string>> = w.outcomes;

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

export const choiceLabels: Readonly<Record<ResetChoice, string>> = w.choices;

// Read as a loose table: stored events may carry types this version does not know.
const eventLabels: Readonly<Record<string, string | undefined>> = w.events;

/** Event types added later still show, by their technical name. */
export function eventLabel(event: Pick<AuditEvent, 'type' | 'outcome'>): string {
  const label = eventLabels[event.type] ?? event.type;
  return event.type === 'outcome' && event.outcome !== undefined
    ? `${label}: ${outcomeLabels[event.outcome].toLocaleLowerCase(serviceDeskWords.code)}`
    : label;
}

export const verbLabels: Readonly<Record<CardVerb, string>> = w.verbs;

const detailLabels: Readonly<Record<string, string | undefined>> = w.details;
const fieldLabels: Readonly<Record<string, string | undefined>> = w.fields;
const platformLabels: Readonly<Record<string, string | undefined>> = w.platforms;

/**
 * An event's detail in the service desk's words where it is one of ours (the choice, the broken rules
 * "too-short,no-digit", an SMS limit), as is otherwise (an error's own text).
 */
export function eventDetail(event: Pick<AuditEvent, 'type' | 'detail'>): string | undefined {
  if (event.detail === undefined) return undefined;
  if (event.detail in choiceLabels) return choiceLabels[event.detail as ResetChoice];
  if (event.detail in detailLabels) return detailLabels[event.detail];
  const codes = event.detail.split(',');
  return codes.every((code) => detailLabels[code] !== undefined)
    ? codes.map((code) => detailLabels[code]).join(', ')
    : event.detail;
}

/** A card field by its input id ("newPassword" → "Nytt lösenord"). */
export function fieldLabel(id: string): string {
  return fieldLabels[id] ?? id;
}

/** The Teams client's platform in the service desk's words ("web" → "Webb"). */
export function platformLabel(platform: string): string {
  return platformLabels[platform.toLowerCase()] ?? platform;
}

export const directoryLabels = w.directories;
export const noticeKindLabels = w.noticeKinds;
export const noticeChannelLabels = w.noticeChannels;
export const cardUpdatedLabel = w.cardUpdated;

/** A page with one heading, a sentence or two and perhaps a way on: errors, refusals, confirmations. */
export interface Notice {
  readonly title: string;
  readonly sentences: readonly string[];
  readonly link?: { readonly href: string; readonly text: string };
  /** The sign-in window opened from the Teams tab closes itself after showing this. */
  readonly closesWindow?: boolean;
}

const { notices: n } = w;
const page = ({ title, sentences }: NoticeWords): Notice => ({ title, sentences });
const toCaseList = (words: NoticeWords): Notice => ({
  ...page(words),
  link: { href: '/helpdesk/cases', text: w.toCaseList },
});
const toSignIn = ({ linkText, ...words }: LinkedNoticeWords): Notice => ({
  ...page(words),
  link: { href: '/helpdesk/login', text: linkText },
});

export const notices = {
  readFailed: toCaseList(n.readFailed),
  caseMissing: toCaseList(n.caseMissing),
  pageMissing: toCaseList(n.pageMissing),
  signInUnavailable: page(n.signInUnavailable),
  entraNotConfigured: page(n.entraNotConfigured),
  signInRefused: (sentence: string): Notice =>
    toSignIn({ title: n.signInRefused.title, sentences: [sentence], linkText: n.signInRefused.linkText }),
  signedInInPopup: { ...page(n.signedInInPopup), closesWindow: true },
  linkUnusable: toSignIn(n.linkUnusable),
  linksUnavailable: page(n.linksUnavailable),
  linkPrinted: page(n.linkPrinted),
  signOutForged: page(n.signOutForged),
  signedOut: toSignIn(n.signedOut),
} satisfies Record<string, Notice | ((sentence: string) => Notice)>;

/** Why a sign-in did not end signed in, in one sentence for the page. */
export const signInMessages = {
  cancelled: () => w.signIn.cancelled,
  notAllowed: (role: string) => w.signIn.notAllowed(role),
  stateMismatch: () => w.signIn.stateMismatch,
  failed: () => w.signIn.failed,
  recheck: () => w.signIn.recheck,
} as const;
