import type { CardVerb } from '../../cards/actions';
import type { AuditEvent } from '../../reset/audit';
import type { CaseOutcome, ResetChoice } from '../../reset/case';
import type { DirectoryRejection } from '../../reset/errors';
import type { PasswordViolation } from '../../reset/passwordPolicy';

/** The fixed reasons the reset service writes as an event's detail. */
export type AuditReason = 'account disabled' | 'sms throttle' | 'sms hourly budget' | 'sms per account';

/** A page's words: one heading and a sentence or two. */
export interface NoticeWords {
  readonly title: string;
  readonly sentences: readonly string[];
}

/** A page that links on (to the sign-in): the link's text too. */
export interface LinkedNoticeWords extends NoticeWords {
  readonly linkText: string;
}

/** The service-desk view's labels and pages (the view adds the links' addresses). */
export interface ServiceDeskWords {
  readonly outcomes: Readonly<Record<CaseOutcome | 'open', string>>;
  readonly choices: Readonly<Record<ResetChoice, string>>;
  readonly events: Readonly<Record<AuditEvent['type'], string>>;
  /** What a user's press on a card is called in a transcript. */
  readonly verbs: Readonly<Record<CardVerb, string>>;
  /** The fields of a card submit, by input id (their values are already masked). */
  readonly fields: Readonly<Record<'username' | 'code' | 'newPassword' | 'repeatPassword', string>>;
  /** Why something happened, by the code the audit trail keeps (a broken rule, an SMS limit). */
  readonly details: Readonly<Record<PasswordViolation | DirectoryRejection | AuditReason, string>>;
  /** The Teams client's platform (`clientInfo.platform`). */
  readonly platforms: Readonly<Record<string, string>>;
  /** Where the account lives; `demo` is the bundled sample directory, not a real one. */
  readonly directories: Readonly<Record<'demo' | 'cloud' | 'on-premises', string>>;
  /** Beside a card that was updated into its next step: the bubble shows what it became. */
  readonly cardUpdated: string;
  /** The notices page: what the bot said first, by kind, and by which way it went. */
  readonly noticeKinds: Readonly<Record<'lockout' | 'relock' | 'change' | 'reminder' | 'enrollment', string>>;
  readonly noticeChannels: Readonly<Record<'teams' | 'sms', string>>;
  /** The link text of the pages that lead back to the case list (`readFailed`, `caseMissing`, `pageMissing`). */
  readonly toCaseList: string;
  readonly notices: {
    readonly readFailed: NoticeWords;
    readonly caseMissing: NoticeWords;
    readonly pageMissing: NoticeWords;
    readonly signInUnavailable: NoticeWords;
    readonly entraNotConfigured: NoticeWords;
    /** Its sentence is one of `signIn`'s. */
    readonly signInRefused: { readonly title: string; readonly linkText: string };
    readonly signedInInPopup: NoticeWords;
    readonly linkUnusable: LinkedNoticeWords;
    readonly linksUnavailable: NoticeWords;
    readonly linkPrinted: NoticeWords;
    readonly signOutForged: NoticeWords;
    readonly signedOut: LinkedNoticeWords;
  };
  /** Why a sign-in did not end signed in, in one sentence. */
  readonly signIn: {
    readonly cancelled: string;
    readonly notAllowed: (role: string) => string;
    readonly stateMismatch: string;
    readonly failed: string;
    /** An hour after sign-in the role is checked again by signing in anew. */
    readonly recheck: string;
  };
}
