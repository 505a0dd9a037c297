import commonPasswords from './data/common-passwords.json';

/** The substitutions people use to dress up a word: undone before matching. */
const SUBSTITUTIONS: readonly [RegExp, string][] = [
  [/@/g, 'a'],
  [/0/g, 'o'],
  [/3/g, 'e'],
  [/\$/g, 's'],
];

const MIN_WORD_LENGTH = 4;

/**
 * Refuses the most common passwords and anything containing a local word (the municipality's name,
 * ...), case-insensitively and after undoing common substitutions, so `M0tala2024` is refused when
 * "motala" is listed.
 */
export class PasswordBlocklist {
  private readonly common: ReadonlySet<string>;
  private readonly localWords: readonly string[];

  constructor(localWords: readonly string[] = [], common: readonly string[] = commonPasswords) {
    this.common = new Set(common.map((word) => word.toLowerCase()));
    this.localWords = [
      ...new Set(
        localWords.map((word) => normalise(word.trim())[0]!).filter((w) => w.length >= MIN_WORD_LENGTH),
      ),
    ];
  }

  /** One word per line; blank lines and `#` comments ignored. */
  static parseWordList(text: string): string[] {
    return text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
  }

  isBlocked(password: string): boolean {
    const lower = password.toLowerCase();
    // `Password2024!` is `password` dressed up: digits and symbols around the word are dropped first.
    const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
    const variants = [...normalise(lower), ...normalise(core)];
    return variants.some(
      (variant) =>
        (variant.length >= MIN_WORD_LENGTH && this.common.has(variant)) ||
        this.localWords.some((word) => variant.includes(word)),
    );
  }
}

/** The word as typed and with substitutions undone; `1` may stand for i or l, so both are tried. */
function normalise(text: string): string[] {
  let undone = text.toLowerCase();
  for (const [pattern, letter] of SUBSTITUTIONS) undone = undone.replace(pattern, letter);
  const variants = [text.toLowerCase(), undone];
  if (undone.includes('1')) variants.push(undone.replace(/1/g, 'i'), undone.replace(/1/g, 'l'));
  return variants;
}
