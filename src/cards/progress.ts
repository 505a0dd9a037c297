import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { bulletList, doneLine, literal, paragraph, submit, toAttachment } from './elements';
import type { AdaptiveCard, CardElement, CardRef } from './types';

/** One "✓ …" line per finished step, never read as Markdown (a username is shown as typed). */
export function progressLines(lines: readonly string[]): CardElement[] {
  return lines.map((line, index) => doneLine(line, index === 0 ? {} : { spacing: 'small' }));
}

/**
 * The case's card at its next step: the finished steps' lines on top, then the step itself. The case
 * is one card that changes (DESIGN.md §2), so each step's card carries what came before it.
 */
export function withProgress(card: Attachment, lines: readonly string[]): Attachment {
  if (lines.length === 0) return card;
  const content = card.content as AdaptiveCard;
  const [first, ...rest] = content.body;
  const step: CardElement[] = first ? [{ ...first, spacing: 'large' }, ...rest] : [];
  return { ...card, content: { ...content, body: [...progressLines(lines), ...step] } };
}

/** A step's card with a note (the step's help) right under its heading. */
export function withNote(card: Attachment, note: string): Attachment {
  const content = card.content as AdaptiveCard;
  const [heading, ...rest] = content.body;
  const text = paragraph(note, { spacing: 'medium', color: 'accent' });
  return { ...card, content: { ...content, body: [...(heading ? [heading] : []), text, ...rest] } };
}

export interface EndCardData {
  readonly m: CardWords;
  /** What the case did, one line per finished step. */
  readonly lines: readonly string[];
  /** The last word: the outcome, why it stopped, or that it was cancelled. */
  readonly message?: string;
  /** What stays worth knowing afterwards (the tips against an immediate relock). */
  readonly tips?: { readonly title: string; readonly items: readonly string[] };
  /** Offers "Börja om" (a new case) with this card's reference. */
  readonly restart?: CardRef;
}

/** What a case's card becomes when the case ends: no inputs, and nothing to press but "Börja om". */
export function endCard({ m, lines, message, tips, restart }: EndCardData): Attachment {
  return toAttachment(
    [
      ...progressLines(lines),
      ...(message ? [literal(message, { spacing: lines.length > 0 ? 'medium' : 'none' })] : []),
      ...(tips && tips.items.length > 0
        ? [paragraph(tips.title, { spacing: 'large', bold: true }), bulletList(tips.items)]
        : []),
    ],
    restart ? [submit('restart', m.startAgain, restart)] : [],
  );
}
