import type { DirectoryRejection } from '../../reset/errors';
import type { CardWords } from './cards';

/** Every sentence the bot says in the chat, and inside its cards (so it includes the cards' words). */
export interface ChatWords extends CardWords {
  readonly codeSentOwn: (phoneLast2: string, validMinutes: number) => string;
  readonly codeSentUniform: (validMinutes: number, servicedeskPhone: string) => string;
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

  readonly rejection: (reason: DirectoryRejection) => string;
  readonly passwordSubmitted: string;
  readonly submittedResend: string;
  readonly codeEntered: string;

  readonly doneUnlocked: string;
  readonly donePasswordSet: string;
  readonly doneWasNotLocked: string;
  readonly doneCloudLockout: string;
  readonly doneTips: readonly string[];
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
