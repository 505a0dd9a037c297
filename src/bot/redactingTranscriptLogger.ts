import type { Activity, Attachment, TranscriptLogger } from 'botbuilder';
import { cardVerbs, inputIds } from '../cards/actions';

export const REDACTED = '[dolt]';

/** Card inputs that are never kept, whatever the step. */
const SECRET_INPUTS: ReadonlySet<string> = new Set([
  inputIds.code,
  inputIds.newPassword,
  inputIds.repeatPassword,
]);

/** A code as people type it: six digits, perhaps split 3+3 by a space or a dash. */
const CODE_LIKE = /(?<![\d+])\d{3}[ -]?\d{3}(?!\d)/g;

/**
 * A single word of eight or more characters mixing letters with digits or symbols: what a password
 * typed into the chat by mistake looks like. Lower-case usernames joined by `.`, `_` or `-`
 * (`anna.svensson`) and e-mail-shaped UPNs do not match, so the service desk can read what was asked
 * for; mixed case with such a separator (`Sommar.Sol`, valid under AD's complexity rule) still does.
 */
const PASSWORD_LIKE = /^(?=\S{8,}$)(?=.*[A-Za-z])(?=.*[\d!-,/:-?[-^`{-~])\S+$/;
const MIXED_CASE_WORD = /^(?=\S{8,}$)(?=.*[a-z])(?=.*[A-Z])\S*[._@-]\S*$/;
const EMAIL_SHAPED = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;

function looksLikePassword(text: string): boolean {
  return PASSWORD_LIKE.test(text) || (MIXED_CASE_WORD.test(text) && !EMAIL_SHAPED.test(text));
}

/**
 * Wraps a transcript store so that codes and passwords never reach it: secret card inputs are
 * replaced, and text that looks like a code or a password is masked. Works on a copy; the bot's own
 * activity objects are not touched.
 */
export class RedactingTranscriptLogger implements TranscriptLogger {
  constructor(private readonly inner: TranscriptLogger) {}

  logActivity(activity: Activity): void | Promise<void> {
    return this.inner.logActivity(redactActivity(activity));
  }
}

export function redactActivity(activity: Activity): Activity {
  const copy = structuredClone(activity);
  if (typeof copy.text === 'string') copy.text = redactText(copy.text);
  if (copy.value !== null && typeof copy.value === 'object')
    copy.value = redactValue(copy.value as Record<string, unknown>);
  if (Array.isArray(copy.attachments)) {
    // Anything but an object (a crafted `null`) is no attachment: it is not kept.
    copy.attachments = copy.attachments
      .filter((attachment: unknown) => attachment !== null && typeof attachment === 'object')
      .map(redactAttachment);
  }
  return copy;
}

/**
 * Teams repeats what the user typed as a `text/html` attachment (`<p>123 456</p>`). Its words are the
 * message text, which is kept (masked), so the copy is not kept at all: no HTML has to be read to find
 * a code split by tags. Other text is masked like the message text; cards (object content) are the
 * bot's own and carry no secrets.
 */
function redactAttachment(attachment: Attachment): Attachment {
  const content: unknown = attachment.content;
  if (typeof content !== 'string') return attachment;
  const html = /^text\/html\b/i.test(attachment.contentType ?? '');
  return { ...attachment, content: html ? REDACTED : redactText(content) };
}

export function redactText(text: string): string {
  const masked = text.replace(CODE_LIKE, REDACTED);
  return looksLikePassword(masked.trim()) ? REDACTED : masked;
}

function redactValue(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_INPUTS.has(key)) out[key] = REDACTED;
    // Which button was pressed is no secret, though `password.submit` looks like one.
    else if (key === 'verb' && (cardVerbs as readonly unknown[]).includes(inner)) out[key] = inner;
    else out[key] = redactInner(inner);
  }
  return out;
}

function redactInner(inner: unknown): unknown {
  if (typeof inner === 'string') return redactText(inner);
  // A crafted submit may nest a code in a list; our cards never send one, but it is masked all the same.
  if (Array.isArray(inner)) return inner.map(redactInner);
  if (inner !== null && typeof inner === 'object') return redactValue(inner as Record<string, unknown>);
  return inner;
}
