import { CODE_SEPARATOR, normaliseCodeInput } from '../reset/code';

export const REDACTED = '[dolt]';

/** What the bot was waiting for when a message arrived; decides how much of it is masked. */
export type AwaitedInput = 'account' | 'code' | 'password';

const SEP = `(?:${CODE_SEPARATOR.source})`;
/** Digits joined by what the code parser ignores between them: every form a code can be typed in. */
const DIGIT_CHAIN = new RegExp(`(?<!\\d)\\d(?:${SEP}*\\d)*`, 'g');
/** The older rule, kept as a second net: six digits (3+3) inside a longer run of digits and spaces. */
const SIX_DIGITS = /(?<![\d+])\d{3}[ -]?\d{3}(?!\d)/g;
/**
 * Seven digits or more, however grouped, with an optional `+`: a phone number or a personal identity
 * number someone typed. Neither is a secret, but a full number is never kept (the most shown of a
 * registered mobile is its last two digits), so what a person types is held to the same rule.
 */
const LONG_NUMBER = new RegExp(`(?<![\\d+])\\+?\\d(?:${SEP}*\\d){6,}(?!\\d)`, 'g');

/**
 * A single word of eight or more characters mixing letters with digits or symbols: what a password
 * typed into the chat by mistake looks like. Lower-case usernames joined by `.`, `_` or `-`
 * (`anna.svensson`) and e-mail-shaped UPNs do not match, so the service desk can read what was asked
 * for; mixed case with such a separator (`Sommar.Sol`, valid under AD's complexity rule) still does.
 */
const PASSWORD_LIKE = /^(?=\S{8,}$)(?=.*[A-Za-z])(?=.*[\d!-,/:-?[-^`{-~])\S+$/;
const MIXED_CASE_WORD = /^(?=\S{8,}$)(?=.*[a-z])(?=.*[A-Z])\S*[._@-]\S*$/;
const EMAIL_SHAPED = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
/** A letter or digit next to a secret makes it part of a longer word, which is left alone. */
const WORD_CHAR = '[0-9A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F]';
/** Sentence punctuation after a word is not part of it ("lösenordet: Blomma2025x."). */
const TRAILING_PUNCTUATION = /[.,:;]+$/;

export function looksLikePassword(text: string): boolean {
  return PASSWORD_LIKE.test(text) || (MIXED_CASE_WORD.test(text) && !EMAIL_SHAPED.test(text));
}

/**
 * Masks text and remembers what it masked, so the bot's own answers in the same turn can be masked
 * for the same secrets (a card that repeats what was typed).
 */
export class Masker {
  readonly secrets = new Set<string>();
  /** Every secret as one whole-word pattern, compiled once per new secret rather than once per text. */
  private echoPattern: RegExp | undefined;

  mask(secret: string): string {
    const trimmed = secret.trim();
    if (trimmed !== '' && !this.secrets.has(trimmed)) {
      this.secrets.add(trimmed);
      this.echoPattern = undefined;
    }
    return REDACTED;
  }

  /** Every form of a code the parser accepts, and any six digits; with `awaited`, more (see below). */
  text(text: string, awaited?: AwaitedInput): string {
    if (looksLikePassword(text.trim())) return this.mask(text);
    // While the password card is open, a password-like word inside a sentence is masked too.
    const words = (awaited === 'password' ? this.passwordWords(text) : text).replace(LONG_NUMBER, REDACTED);
    // While a code is awaited every run of digits is one, mistyped or not, whatever its length.
    const codes = words.replace(DIGIT_CHAIN, (chain) =>
      awaited === 'code' || normaliseCodeInput(chain) !== undefined ? this.mask(chain) : chain,
    );
    return codes.replace(SIX_DIGITS, (digits) => this.mask(digits));
  }

  /** The bot's own text: the codes rule, and whatever was masked in what the user sent this turn. */
  echo(text: string): string {
    const masked = this.secrets.size === 0 ? text : text.replace(this.secretsPattern(), REDACTED);
    return masked
      .replace(DIGIT_CHAIN, (chain) => (normaliseCodeInput(chain) !== undefined ? REDACTED : chain))
      .replace(SIX_DIGITS, REDACTED);
  }

  private secretsPattern(): RegExp {
    if (this.echoPattern) return this.echoPattern;
    // Longest first, so a secret that contains another is masked whole. Word characters are spelled out
    // (digits, Latin letters with å ä ö and the rest of Latin-1) instead of \p{L}\p{N}: a unicode property
    // class costs about a millisecond to compile, and every turn has new secrets.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.echoPattern = new RegExp(`(?<!${WORD_CHAR})(?:${alternatives.join('|')})(?!${WORD_CHAR})`, 'gi');
    return this.echoPattern;
  }

  private passwordWords(text: string): string {
    return text.replace(/\S+/g, (word) =>
      looksLikePassword(word.replace(TRAILING_PUNCTUATION, '')) ? this.mask(word) : word,
    );
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
