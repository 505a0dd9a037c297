import type { Attachment } from 'botbuilder';
import { doneLine, literal, toAttachment } from './elements';
import type { CardElement, RichTextBlock } from './types';

export interface SummaryCardData {
  readonly title?: string;
  /** E.g. `m.submittedUsername('anna.svensson')`, `m.passwordSubmitted`. Shown as typed, never as Markdown. */
  readonly lines: readonly string[];
  /** Marks each line as done (✓); off for a line that reports no progress, such as `m.cancelled`. */
  readonly checkmark?: boolean;
}

/**
 * What replaces a card once it was submitted (`updateActivity`): no inputs, so whatever was typed,
 * a password included, leaves the chat; no buttons, so the step cannot be submitted twice.
 */
export function summaryCard({ title, lines, checkmark = true }: SummaryCardData): Attachment {
  const line = (text: string, first: boolean): RichTextBlock => {
    const spacing = first ? {} : ({ spacing: 'small' } as const);
    return checkmark ? doneLine(text, spacing) : literal(text, spacing);
  };
  const body: CardElement[] = [
    ...(title ? [literal(title, { bold: true })] : []),
    ...lines.map((text, index) => line(text, index === 0 && !title)),
  ];
  return toAttachment(body);
}
