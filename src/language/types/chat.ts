import type { DirectoryRejection } from '../../reset/errors';
import type { CardWords } from './cards';

/** Every sentence the bot says in the chat, and inside its cards (so it includes the cards' words). */
/** The steps 'hjälp' explains. */
export type HelpStep = 'account' | 'code' | 'approval' | 'choice' | 'password' | 'done';

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
  /** The line a finished password step leaves; said only after the directory took the password. */
  readonly passwordSaved: string;

  readonly doneUnlocked: string;
  readonly donePasswordSet: string;
  readonly doneWasNotLocked: string;
  readonly doneCloudLockout: string;
  readonly doneTips: readonly string[];
  readonly finished: string;

  readonly submittedUsername: (username: string) => string;
  /**
   * The line for a name that got the uniform answer: it stays on the card for the rest of the case,
   * so it must not repeat a name that matched no account (often a password typed in the wrong field),
   * and must read the same whether the account exists or not.
   */
  readonly submittedOtherUsername: string;
  readonly submittedCode: string;
  readonly submittedChoice: (choice: string) => string;

  readonly cancelled: string;
  readonly expired: string;
  readonly help: (servicedeskPhone: string) => string;
  /** What the step in front of the user wants, and what to do when stuck. */
  readonly stepHelp: (step: HelpStep, servicedeskPhone: string) => string;
  /** What an open card says when the user answered by typing in the chat instead. */
  readonly answeredBelow: string;
  /** The line a cancelled case's card ends with. */
  readonly cancelledCard: string;
  /** A press on a card whose case is over, with no case open. */
  readonly caseOver: string;
  readonly staleCard: string;
  /** Another turn of this conversation is still running (on this or another instance); nothing was done. */
  readonly busy: string;
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
