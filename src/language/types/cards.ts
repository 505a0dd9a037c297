import type { PasswordViolation } from '../../reset/passwordPolicy';

/** What the cards themselves show: headings, labels, buttons and the rules a field checks. */
export interface CardWords {
  readonly welcomeTitle: string;
  readonly welcomeText: string;
  readonly phoneRequired: (servicedeskPhone: string) => string;
  readonly usernameLabel: string;
  readonly usernamePlaceholder: string;
  readonly ownAccountButton: (username: string) => string;
  readonly otherAccountHint: string;
  readonly next: string;
  readonly cancel: string;
  readonly invalidUsername: string;

  readonly codeTitle: string;
  readonly codeLabel: string;
  readonly codePlaceholder: string;
  readonly resendCode: string;
  readonly codeInvalidFormat: string;

  readonly choiceTitle: string;
  readonly choiceIntro: string;
  /** The seed's wording: the button is the guide's choice, word for word. */
  readonly choiceKeep: string;
  readonly choiceNew: string;

  readonly passwordTitle: string;
  readonly passwordRules: string;
  readonly passwordLabel: string;
  readonly passwordRepeatLabel: string;
  readonly passwordNotAccepted: string;
  readonly violation: (violation: PasswordViolation) => string;
  readonly passwordBreaksRules: string;

  readonly doneTitle: string;
  readonly doneTipsTitle: string;
  readonly finish: string;
  /** The button on a card whose case ended, to begin a new case. */
  readonly startAgain: string;
  /** Under the code field: Enter sends in the chat box, not in a card's field. */
  readonly codeChatHint: string;
}
