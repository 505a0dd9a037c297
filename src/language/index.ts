/**
 * The one place that decides which language a Teams locale gets, and that holds every language.
 *
 * Adding a language (Norwegian, say): copy `./sv` to `./nb`, translate it (the `Words` type lists what
 * is missing), and add `nb` to `languages` below. Nothing else changes.
 */
import { en } from './en';
import { sv } from './sv';
import type { Words } from './types';

export type * from './types';

/** Every language the bot speaks. The first is the default for a locale none of them answers to. */
export const languages: readonly [Words, ...Words[]] = [sv, en];

/** The service desk is Swedish by design: its view and its alert cards use these words. */
export const serviceDeskWords: Words = sv;

/** The words for a Teams locale (`activity.locale`, e.g. `en-US`): Swedish unless another language answers. */
export function wordsFor(locale: string | undefined): Words {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return languages.find((words) => words.locales.includes(primary)) ?? languages[0];
}

/** The code of the language a Teams locale gets (`sv`, `en`), as kept on a case record. */
export function languageFor(locale: string | undefined): string {
  return wordsFor(locale).code;
}

const cancelWords = new Set(languages.flatMap((words) => words.commands.cancel));
const helpWords = new Set(languages.flatMap((words) => words.commands.help));
const startWords = new Set(languages.map((words) => words.commands.start));

/**
 * Whether a typed word is a command, in any language: someone on an English client who types
 * "avbryt" means it. The word arrives lower-cased and trimmed.
 */
export function isCommandWord(command: 'cancel' | 'help' | 'start', word: string): boolean {
  return { cancel: cancelWords, help: helpWords, start: startWords }[command].has(word);
}
