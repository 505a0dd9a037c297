import type { AlertWords } from './alerts';
import type { ApprovalWords } from './approval';
import type { ChatWords } from './chat';
import type { CommandWords } from './commands';
import type { ServiceDeskWords } from './serviceDesk';
import type { ProactiveWords } from './proactive';
import type { SmsWords } from './sms';

export type { AlertWords } from './alerts';
export type { ApprovalWords } from './approval';
export type { CardWords } from './cards';
export type { ChatWords, HelpStep } from './chat';
export type { CommandWords } from './commands';
export type { LinkedNoticeWords, NoticeWords, ServiceDeskWords } from './serviceDesk';
export type { ProactiveWords } from './proactive';
export type { ChangeSmsWording, SmsWords } from './sms';

/**
 * Everything one language says, to every audience. A language folder exports one object of this type,
 * so the compiler lists whatever a translator has not written yet.
 */
export interface Words {
  /** The language's code (ISO 639-1), kept on each case record. */
  readonly code: string;
  /** The primary subtags of the Teams locales (`activity.locale`) that get this language, lower case. */
  readonly locales: readonly [string, ...string[]];
  /** The employee's chat with the bot, its cards included. */
  readonly chat: ChatWords;
  readonly commands: CommandWords;
  readonly sms: SmsWords;
  /** What the bot says first: lockout and change notices in the personal chat. */
  readonly proactive: ProactiveWords;
  /** The service-desk view (`/helpdesk`). */
  readonly serviceDesk: ServiceDeskWords;
  /** The alert cards in the service desk's channel. */
  readonly alerts: AlertWords;
  /** The manager's confirmation: the employee's side, the manager's card, the service desk's label. */
  readonly approval: ApprovalWords;
}
