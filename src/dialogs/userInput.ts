import type { Activity } from 'botbuilder';
import { submitSchema, type CardSubmit } from '../cards/actions';
import { isCommandWord } from '../language';

/** What one incoming message means before any step interprets it. */
export type UserInput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'submit'; readonly submit: CardSubmit }
  | { readonly kind: 'invalid-submit'; readonly problems: string }
  | { readonly kind: 'empty' }
  /** The bot's own turn in the employee's chat: their manager answered, or the request ran out. */
  | { readonly kind: 'approval-answered' };

/** The event the bot runs in a requester's chat when their approval request has its answer. */
export const APPROVAL_ANSWERED_EVENT = 'resetAssistant/approvalAnswered';

/** Longer text than this is not a username, code or command; it is cut before anything looks at it. */
export const MAX_TEXT_LENGTH = 1000;

export function readUserInput(activity: Partial<Activity>): UserInput {
  if (activity.type === 'event') {
    return activity.name === APPROVAL_ANSWERED_EVENT ? { kind: 'approval-answered' } : { kind: 'empty' };
  }
  const value: unknown = activity.value;
  if (value !== undefined && value !== null) {
    const parsed = submitSchema.safeParse(value);
    if (parsed.success) return { kind: 'submit', submit: parsed.data };
    return {
      kind: 'invalid-submit',
      problems: parsed.error.issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
        .join('; '),
    };
  }
  const text =
    typeof activity.text === 'string' ? stripMentions(activity.text).slice(0, MAX_TEXT_LENGTH) : '';
  // Control characters never belong in anything the bot reads; they are dropped, not interpreted.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001F\u007F]/g, ' ').trim();
  return clean === '' ? { kind: 'empty' } : { kind: 'text', text: clean };
}

/** Teams puts `<at>Bot</at>` in front of messages that mention the bot. */
function stripMentions(text: string): string {
  return text.replace(/<at>[^<]*<\/at>/gi, '');
}

export function isCancel(input: UserInput): boolean {
  if (input.kind === 'submit') return input.submit.verb === 'cancel';
  return input.kind === 'text' && isCommandWord('cancel', normaliseCommand(input.text));
}

export function isHelp(input: UserInput): boolean {
  return input.kind === 'text' && isCommandWord('help', normaliseCommand(input.text));
}

/** The greeting ("hej"): during a case it shows the case's card again. */
export function isStart(input: UserInput): boolean {
  return input.kind === 'text' && isCommandWord('start', normaliseCommand(input.text));
}

function normaliseCommand(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .trim();
}
