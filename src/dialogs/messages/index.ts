import { en } from './en';
import { sv } from './sv';
import type { Messages } from './types';

export type { Messages } from './types';

/** Swedish unless the Teams client says English. */
export function messagesFor(locale: string | undefined): Messages {
  return locale?.toLowerCase().startsWith('en') ? en : sv;
}
