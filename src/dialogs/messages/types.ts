import type { DirectoryRejection } from '../../reset/errors';
import type { PasswordViolation } from '../../reset/passwordPolicy';

/** Every sentence the bot says, per language. Tests assert key phrases, so changes are deliberate. */
export interface Messages {
  readonly locale: 'sv' | 'en';
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
  readonly codeSentOwn: (phoneLast2: string, validMinutes: number) => string;
  readonly codeSentUniform: (validMinutes: number, servicedeskPhone: string) => string;
  readonly codeLabel: string;
  readonly codePlaceholder: string;
  readonly resendCode: string;
  readonly codeInvalidFormat: string;
  readonly codeWrong: (attemptsLeft: number) => string;
  readonly codeExhausted: string;
  readonly codeExpired: string;
  readonly codeResent: string;
  readonly resendCooldown: (secondsLeft: number) => string;

  readonly noPhone: (servicedeskPhone: string) => string;
  readonly disabled: (servicedeskPhone: string) => string;
  readonly blocked: (until: Date, servicedeskPhone: string) => string;
  readonly smsFailed: (servicedeskPhone: string) => string;
  readonly directoryUnavailable: (servicedeskPhone: string) => string;
  readonly notWritable: (servicedeskPhone: string) => string;

  readonly choiceTitle: string;
  readonly choiceIntro: string;
  readonly choiceKeep: string;
  readonly choiceNew: string;

  readonly passwordTitle: string;
  readonly passwordRules: string;
  readonly passwordLabel: string;
  readonly passwordRepeatLabel: string;
  readonly passwordNotAccepted: string;
  readonly violation: (violation: PasswordViolation) => string;
  readonly rejection: (reason: DirectoryRejection) => string;
  readonly passwordSubmitted: string;
  readonly passwordBreaksRules: string;
  readonly submittedResend: string;
  readonly codeEntered: string;

  readonly doneTitle: string;
  readonly doneUnlocked: string;
  readonly donePasswordSet: string;
  readonly doneWasNotLocked: string;
  readonly doneCloudLockout: string;
  readonly doneTipsTitle: string;
  readonly doneTips: readonly string[];
  readonly finish: string;
  readonly finished: string;

  readonly submittedUsername: (username: string) => string;
  readonly submittedCode: string;
  readonly submittedChoice: (choice: string) => string;

  readonly cancelled: string;
  readonly expired: string;
  readonly help: (servicedeskPhone: string) => string;
  readonly staleCard: string;
  readonly unreadableSubmit: string;
  readonly personalChatOnly: string;
  readonly somethingWentWrong: (servicedeskPhone: string) => string;
  readonly restartHint: string;
  readonly emptyInput: string;
  readonly tooManyGuesses: (servicedeskPhone: string) => string;
  readonly tooManyCases: (servicedeskPhone: string) => string;
  readonly passwordInChat: string;
  readonly chooseWithButtons: string;
}
