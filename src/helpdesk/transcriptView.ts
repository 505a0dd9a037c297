import type { Activity, Attachment, TranscriptStore } from 'botbuilder';
import { cardVerbs, type CardVerb } from '../cards/actions';
import type { CaseRecord } from '../reset/case';
import { fieldLabel, verbLabels } from './labels';

/** One bubble of the chat as the service desk sees it: text only, cards summarised. */
export interface ChatEntry {
  readonly at: string;
  readonly from: 'user' | 'bot';
  readonly name?: string;
  readonly kind: 'message' | 'card' | 'submit' | 'update';
  readonly lines: readonly string[];
}

const MAX_ACTIVITIES = 500;
/** The message that opened the case arrives just before the case record is created. */
const LEAD_IN_MS = 10_000;
/** The bot's last answer is logged just after the case is closed. */
const TAIL_MS = 30_000;

/**
 * The case's part of the (already redacted) transcript: one personal chat holds every case of its
 * user. Entries name their case (`RedactingTranscriptMiddleware` tags each with the case its turn
 * worked on), so a case shows exactly its own: from the message that opened it to the last press on
 * its cards (Slutför, after the outcome), and nothing of the next case, however soon it follows.
 * Entries written before tagging existed fall back to the case's times.
 */
export async function readCaseTranscript(
  transcripts: TranscriptStore,
  record: CaseRecord,
): Promise<ChatEntry[]> {
  const from = Date.parse(record.createdAt) - LEAD_IN_MS;
  const until = record.finishedAt !== undefined ? Date.parse(record.finishedAt) + TAIL_MS : Infinity;
  const activities: Activity[] = [];
  let continuation: string | undefined;
  do {
    const page = await transcripts.getTranscriptActivities(
      record.channelId ?? 'msteams',
      record.conversationId,
      continuation,
      new Date(from),
    );
    activities.push(...page.items);
    continuation = page.continuationToken || undefined;
  } while (continuation !== undefined && activities.length < MAX_ACTIVITIES);

  return activities
    .filter((activity) => {
      const tagged = (activity as { caseId?: unknown }).caseId;
      if (typeof tagged === 'string') return tagged === record.id;
      const at = timeOf(activity);
      return at >= from && at <= until;
    })
    .sort((a, b) => timeOf(a) - timeOf(b))
    .slice(0, MAX_ACTIVITIES)
    .flatMap((activity) => {
      const entry = toChatEntry(activity, record.requester.userId);
      return entry ? [entry] : [];
    });
}

function timeOf(activity: Partial<Activity>): number {
  const value: unknown = activity.timestamp;
  return value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
}

/** `userId`: the requester's Teams id; everyone else in a personal chat is the bot. */
export function toChatEntry(activity: Partial<Activity>, userId: string): ChatEntry | undefined {
  const at = new Date(timeOf(activity) || 0).toISOString();
  const from = activity.from?.id === userId && activity.from.role !== 'bot' ? 'user' : 'bot';
  const name = activity.from?.name || undefined;
  const base = { at, from, ...(name !== undefined ? { name } : {}) } as const;
  if (activity.type === 'messageUpdate') {
    return { ...base, kind: 'update', lines: summariseMessage(activity) };
  }
  if (activity.type !== 'message') return undefined;
  const submitted = summariseSubmit(activity.value);
  if (submitted !== undefined) return { ...base, kind: 'submit', lines: submitted };
  const lines = summariseMessage(activity);
  if (lines.length === 0) return undefined;
  return { ...base, kind: shownAttachments(activity).length ? 'card' : 'message', lines };
}

function summariseMessage(activity: Partial<Activity>): string[] {
  const lines = activity.text ? [activity.text] : [];
  for (const attachment of shownAttachments(activity)) lines.push(...summariseAttachment(attachment));
  return lines.slice(0, 12);
}

/** Without Teams' HTML copy of a typed message (the text says the same) and without non-objects. */
function shownAttachments(activity: Partial<Activity>): Attachment[] {
  const attachments: unknown = activity.attachments;
  if (!Array.isArray(attachments)) return [];
  return attachments.filter(
    (attachment: unknown): attachment is Attachment =>
      attachment !== null &&
      typeof attachment === 'object' &&
      !(activity.text && /^text\/html\b/i.test((attachment as Attachment).contentType ?? '')),
  );
}

function summariseAttachment(attachment: Attachment): string[] {
  if (attachment.contentType !== 'application/vnd.microsoft.card.adaptive') {
    return [`[bilaga: ${attachment.contentType}]`];
  }
  const lines: string[] = [];
  const buttons: string[] = [];
  walk(attachment.content, lines, buttons);
  if (buttons.length > 0) lines.push(`Knappar: ${buttons.join(' · ')}`);
  return lines;
}

/** Texts, facts, input labels and button titles of an Adaptive Card, in reading order. */
function walk(node: unknown, lines: string[], buttons: string[]): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(item, lines, buttons);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const element = node as Record<string, unknown>;
  const type = typeof element['type'] === 'string' ? element['type'] : '';
  const text = element['text'];
  // Decorations (✓, ›, •) say nothing without the layout around them.
  if (type === 'TextBlock' || type === 'TextRun') {
    if (typeof text === 'string' && /[\p{L}\p{N}]/u.test(text)) lines.push(text);
  } else if (type === 'FactSet' && Array.isArray(element['facts'])) {
    for (const fact of element['facts'] as { title?: unknown; value?: unknown }[]) {
      lines.push(`${textOf(fact.title)}: ${textOf(fact.value)}`);
    }
  } else if (type.startsWith('Input.')) {
    const label = element['label'] ?? element['placeholder'] ?? element['id'];
    lines.push(`[fält: ${String(label)}]`);
  } else if (type.startsWith('Action.') && typeof element['title'] === 'string') {
    buttons.push(element['title']);
  }
  for (const key of ['body', 'items', 'columns', 'inlines', 'actions', 'selectAction']) {
    if (key in element) walk(element[key], lines, buttons);
  }
}

function textOf(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** A card submit: what was pressed, and the (already masked) values typed, never ids or nonces. */
function summariseSubmit(value: unknown): string[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const data = value as Record<string, unknown>;
  const verb = typeof data['verb'] === 'string' ? data['verb'] : undefined;
  if (verb === undefined) return undefined;
  const label = (cardVerbs as readonly string[]).includes(verb) ? verbLabels[verb as CardVerb] : verb;
  const typed = Object.entries(data)
    .filter(([key, inner]) => !['verb', 'caseId', 'nonce'].includes(key) && typeof inner === 'string')
    .map(([key, inner]) => `${fieldLabel(key)}: ${String(inner)}`);
  return [label, ...typed];
}
