import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isCancel, isHelp, readUserInput } from '../../src/dialogs/userInput';
import { outcomeLabels, verbLabels } from '../../src/helpdesk/labels';
import {
  isCommandWord,
  languageFor,
  languages,
  serviceDeskWords,
  wordsFor,
  type Words,
} from '../../src/language';
import { composeSmsText } from '../../src/sms/message';

const root = path.resolve(__dirname, '..', '..', '..');
const languageDir = path.join(root, 'src', 'language');
const [sv, en] = [wordsFor('sv'), wordsFor('en')];

/** The shape of a set of words: every key path, with functions by arity and lists by being lists. */
function shapeOf(value: unknown, at = ''): string[] {
  if (typeof value === 'function') return [`${at}()/${value.length}`];
  if (Array.isArray(value)) return [`${at}[]`];
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => shapeOf(inner, `${at}.${key}`));
  }
  return [`${at}:${typeof value}`];
}

/** Every string a set of words holds, with its functions called on sample arguments. */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    const sample = [new Date('2026-03-01T08:00:00Z'), 'x', 2].slice(0, value.length);
    if (value.length === 1) return stringsOf((value as (arg: unknown) => unknown)('too-short'));
    return stringsOf((value as (...args: unknown[]) => unknown)(...sample));
  }
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

describe('src/language', () => {
  describe('when a language folder exists', () => {
    const folders = readdirSync(languageDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'types')
      .map((entry) => entry.name)
      .sort();

    it('is one line in the one table, exported under its folder name with its code', async () => {
      assert.deepEqual(languages.map((words) => words.code).sort(), folders);
      for (const folder of folders) {
        const module = (await import(path.join(__dirname, '..', '..', 'src', 'language', folder))) as Record<
          string,
          Words
        >;
        assert.ok(
          languages.includes(module[folder] as Words),
          `${folder}/index.ts exports ${folder}, in the table`,
        );
      }
    });

    it('is the only place that holds its words: no other source decides a language from a locale', () => {
      const offenders: string[] = [];
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const file = path.join(dir, entry.name);
          if (entry.isDirectory() && file !== languageDir) walk(file);
          else if (
            entry.name.endsWith('.ts') &&
            /startsWith\(['"](en|sv)\b/.test(readFileSync(file, 'utf8'))
          ) {
            offenders.push(path.relative(root, file));
          }
        }
      };
      walk(path.join(root, 'src'));
      assert.deepEqual(offenders, []);
    });
  });

  describe('when a language is compared with Swedish', () => {
    for (const words of languages) {
      it(`${words.code} has every word Swedish has, of the same kind, and none empty`, () => {
        assert.deepEqual(shapeOf(words).sort(), shapeOf(sv).sort());
        for (const text of stringsOf(words))
          assert.ok(text.trim().length > 0, `an empty word in ${words.code}`);
      });

      it(`${words.code} answers to its own code, and no locale answers to two languages`, () => {
        assert.ok(words.locales.includes(words.code));
        const others = languages.filter((other) => other !== words).flatMap((other) => other.locales);
        for (const locale of words.locales)
          assert.ok(!others.includes(locale), `${locale} is in two languages`);
      });
    }
  });

  describe('wordsFor', () => {
    describe('when the Teams locale is English', () => {
      it('chooses English, whatever the region, case or separator', () => {
        for (const locale of ['en', 'en-US', 'EN-gb', ' en-us ', 'en_GB']) {
          assert.equal(wordsFor(locale), en, locale);
          assert.equal(languageFor(locale), 'en', locale);
        }
      });
    });

    describe('when the Teams locale is Swedish, missing or a language the bot does not speak', () => {
      it('chooses Swedish', () => {
        for (const locale of ['sv-SE', 'sv', undefined, '', ' ', 'de-DE', 'nb-NO', 'english']) {
          assert.equal(wordsFor(locale), sv, String(locale));
          assert.equal(languageFor(locale), 'sv', String(locale));
        }
      });
    });

    describe('when the SMS and the chat are in the same conversation', () => {
      it('writes the SMS in the chat’s language', () => {
        for (const locale of ['sv-SE', 'en-US', 'de-DE', undefined]) {
          const words = wordsFor(locale);
          const sms = composeSmsText({
            code: '042917',
            validMinutes: 10,
            orgName: 'Reset Kommun',
            ...(locale ? { locale } : {}),
          });
          assert.equal(sms, words.sms.codeText('042917', 'Reset Kommun', 10));
        }
      });
    });
  });

  describe('the command words', () => {
    describe('when someone types one, in any language and any Teams locale', () => {
      it('cancels or helps', () => {
        for (const words of languages) {
          for (const locale of ['sv-SE', 'en-US']) {
            for (const word of words.commands.cancel) {
              const input = readUserInput({ text: `${word.toUpperCase()}.`, locale });
              assert.ok(isCancel(input) && !isHelp(input), `${word} cancels in ${locale}`);
            }
            for (const word of words.commands.help) {
              const input = readUserInput({ text: word, locale });
              assert.ok(isHelp(input) && !isCancel(input), `${word} helps in ${locale}`);
            }
          }
        }
      });
    });

    describe('when the chat tells people what to type', () => {
      for (const words of languages) {
        it(`${words.code} quotes a word the bot understands`, () => {
          const { cancel, start } = words.commands;
          assert.ok(words.chat.help('0142-36 6000').includes(cancel[0]));
          assert.ok(isCommandWord('cancel', cancel[0]));
          for (const sentence of [words.chat.restartHint, words.chat.cancelled, words.chat.expired]) {
            assert.ok(sentence.includes(start), sentence);
          }
        });

        it(`${words.code} lists its words lower-case and trimmed, as they are compared`, () => {
          for (const word of [...words.commands.cancel, ...words.commands.help, words.commands.start]) {
            assert.equal(word, word.trim().toLowerCase());
          }
        });
      }
    });
  });

  describe('the service desk', () => {
    describe('when its view and its alerts are shown', () => {
      it('is Swedish by design, with the labels of the Swedish folder', () => {
        assert.equal(serviceDeskWords, sv);
        assert.equal(outcomeLabels, sv.serviceDesk.outcomes);
        assert.equal(verbLabels, sv.serviceDesk.verbs);
        assert.equal(outcomeLabels['password-set'], 'Nytt lösenord');
      });
    });
  });

  describe('the Swedish words', () => {
    describe('when the guide (the seed) names a step or a choice', () => {
      it('uses the guide’s wording', () => {
        assert.equal(sv.chat.welcomeTitle, 'Har du problem att logga in?');
        assert.equal(sv.chat.choiceKeep, 'Behåll ditt nuvarande lösenord och lås upp ditt konto');
        assert.equal(sv.chat.choiceNew, 'Ange ett nytt lösenord och lås upp ditt konto');
        assert.equal(sv.chat.next, 'Nästa');
        assert.equal(sv.chat.finish, 'Slutför');
        assert.equal(sv.chat.doneUnlocked, 'Ditt konto är nu upplåst.');
        assert.match(sv.chat.passwordRules, /minst 8 tecken, en stor bokstav och en siffra/);
        assert.match(sv.chat.passwordRules, /får inte innehålla å, ä eller ö/);
      });
    });
  });
});
