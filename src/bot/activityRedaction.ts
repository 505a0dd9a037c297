import type { Activity, Attachment } from 'botbuilder';
import { cardVerbs, inputIds } from '../cards/actions';
import { isCancel, isHelp } from '../dialogs/userInput';
import { parseUsername } from '../reset/username';
import { isGuid } from '../lib/guid';
import { Masker, REDACTED, type AwaitedInput } from './redactionRules';

export { REDACTED } from './redactionRules';

/** Card inputs that are never kept, whatever the step. */
const SECRET_INPUTS: ReadonlySet<string> = new Set([
  inputIds.code,
  inputIds.newPassword,
  inputIds.repeatPassword,
]);

/** Card fields that are the card's structure, never words a person typed or reads. */
const STRUCTURAL_KEYS: ReadonlySet<string> = new Set([
  'type',
  '$schema',
  'version',
  'id',
  'style',
  'verb',
  'caseId',
  'nonce',
  'url',
  'regex',
]);

/** What the bot was waiting for when a user's activity arrived, known only inside a bot turn. */
export interface RedactionContext {
  readonly awaited?: AwaitedInput;
  /** At the account step: the username (as the case keeps it) when what was typed matched an account. */
  readonly matchedUsername?: string;
}

/**
 * A user's activity as it may be kept. Works on a copy; the masker remembers what was masked so the
 * bot's answers in the same turn can be masked alike (`redactBotActivity`).
 */
export function redactActivity(
  activity: Activity,
  context: RedactionContext = {},
  masker = new Masker(),
): Activity {
  const copy = structuredClone(activity);
  const typed = (text: string): string => maskTyped(text, context, masker);
  if (typeof copy.text === 'string') copy.text = typed(copy.text);
  if (copy.value !== null && typeof copy.value === 'object')
    copy.value = redactValue(copy.value as Record<string, unknown>, context, masker);
  if (Array.isArray(copy.attachments)) {
    // Anything but an object (a crafted `null`) is no attachment: it is not kept.
    copy.attachments = copy.attachments
      .filter((attachment: unknown) => attachment !== null && typeof attachment === 'object')
      .map((attachment) => redactAttachment(attachment, (text) => masker.text(text, context.awaited)));
  }
  return copy;
}

/**
 * The bot's own activity as it may be kept: its text and every word on its cards pass the codes rule
 * and lose whatever was masked in the user's activity of the same turn (a summary card repeating the
 * name typed: "Användarnamn: Kanelbulle2025").
 */
export function redactBotActivity(activity: Activity, masker: Masker): Activity {
  const copy = structuredClone(activity);
  const echo = (text: string): string => masker.echo(text);
  if (typeof copy.text === 'string') copy.text = echo(copy.text);
  if (typeof copy.speak === 'string') copy.speak = echo(copy.speak);
  if (copy.value !== undefined) copy.value = mapStrings(copy.value, echo);
  if (Array.isArray(copy.attachments))
    copy.attachments = copy.attachments.map((a) => redactAttachment(a, echo));
  return copy;
}

/** The context-free rules, for one text. */
export function redactText(text: string, awaited?: AwaitedInput): string {
  return new Masker().text(text, awaited);
}

/**
 * At the account step what was typed is the username: kept only when it matched an account, since a
 * name that matched none is often the password typed into the wrong field. "hjälp" and "avbryt" are
 * commands, not names.
 */
function maskTyped(text: string, context: RedactionContext, masker: Masker): string {
  if (context.awaited !== 'account') return masker.text(text, context.awaited);
  const input = { kind: 'text', text: text.trim() } as const;
  if (isHelp(input) || isCancel(input)) return masker.text(text);
  const name = parseUsername(text);
  return name !== undefined && name === context.matchedUsername ? text : masker.mask(text);
}

/**
 * Teams repeats what the user typed as a `text/html` attachment (`<p>123 456</p>`). Its words are the
 * message text, which is kept (masked), so the copy is not kept at all: no HTML has to be read to find
 * a code split by tags. Other text, and the words on cards, pass `mask`.
 */
function redactAttachment(attachment: Attachment, mask: (text: string) => string): Attachment {
  const content: unknown = attachment.content;
  if (typeof content !== 'string') return { ...attachment, content: mapStrings(content, mask) };
  const html = /^text\/html\b/i.test(attachment.contentType ?? '');
  return { ...attachment, content: html ? REDACTED : mask(content) };
}

/** Keys a card's submit carries for routing (`SubmitData`), not for anything typed. */
const CARD_IDS = new Set(['caseId', 'nonce']);

function redactValue(
  value: Record<string, unknown>,
  context: RedactionContext,
  masker: Masker,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (SECRET_INPUTS.has(key)) out[key] = masker.mask(typeof inner === 'string' ? inner : '');
    // Which button was pressed is no secret, though `password.submit` looks like one.
    else if (key === 'verb' && (cardVerbs as readonly unknown[]).includes(inner)) out[key] = inner;
    // The card's own ids (GUIDs the bot wrote) are no typed text: read as text at the code step,
    // their runs of digits became "secrets" that then masked every digit on the bot's next card.
    else if (CARD_IDS.has(key) && typeof inner === 'string' && isGuid(inner)) out[key] = inner;
    else if (key === inputIds.username && typeof inner === 'string')
      out[key] = maskTyped(inner, context, masker);
    else out[key] = redactInner(inner, context, masker);
  }
  return out;
}

function redactInner(inner: unknown, context: RedactionContext, masker: Masker): unknown {
  if (typeof inner === 'string') return masker.text(inner, context.awaited);
  // A crafted submit may nest a code in a list; our cards never send one, but it is masked all the same.
  if (Array.isArray(inner)) return inner.map((item) => redactInner(item, context, masker));
  if (inner !== null && typeof inner === 'object')
    return redactValue(inner as Record<string, unknown>, context, masker);
  return inner;
}

/** Every string of a card or value through `mask`, except the card's structure (types, ids, urls). */
function mapStrings(node: unknown, mask: (text: string) => string, key?: string): unknown {
  if (typeof node === 'string') return key !== undefined && STRUCTURAL_KEYS.has(key) ? node : mask(node);
  if (Array.isArray(node)) return node.map((item) => mapStrings(item, mask));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as Record<string, unknown>).map(([k, v]) => [k, mapStrings(v, mask, k)]),
  );
}
