/**
 * The manager's confirmation (issue 19): what the employee without a registered mobile reads, the card
 * their manager gets, and how the service desk names it. Nothing here ever holds a secret.
 */
export interface ApprovalWords {
  /** The employee's card when the manager can vouch. */
  readonly offerTitle: string;
  readonly offerText: (servicedeskPhone: string) => string;
  /** The button: "Be din chef bekräfta att det är du". */
  readonly askManager: string;
  readonly waitingTitle: string;
  readonly waiting: (approverName: string, until: string) => string;
  readonly stillWaiting: string;
  /** The line on the case's card once the manager said yes. */
  readonly confirmedBy: (approverName: string) => string;
  readonly refused: (servicedeskPhone: string) => string;
  readonly expired: (servicedeskPhone: string) => string;
  readonly limit: (servicedeskPhone: string) => string;
  /** The manager's card. */
  readonly cardTitle: string;
  readonly cardIntro: (displayName: string) => string;
  readonly name: string;
  readonly username: string;
  readonly department: string;
  readonly askedAt: string;
  readonly howTo: (firstName: string) => string;
  readonly validUntil: (until: string) => string;
  readonly noPassword: string;
  /** "Ja, jag har pratat med Anna och det är Anna": neutral, as the directory knows no gender. */
  readonly yes: (firstName: string) => string;
  readonly no: string;
  /** What the manager's card becomes after the press. */
  readonly approvedCard: (displayName: string) => string;
  readonly refusedCard: (displayName: string) => string;
  readonly expiredCard: string;
  readonly alreadyDecided: string;
  readonly caseClosedCard: string;
  readonly notYours: string;
  /** The service desk's case view. */
  readonly serviceDeskConfirmedBy: string;
  readonly serviceDeskAskedOf: string;
}
