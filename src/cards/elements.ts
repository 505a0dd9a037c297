import type { Attachment } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import type { CardVerb } from './actions';
import type {
  AdaptiveCard,
  CardElement,
  CardRef,
  ColumnSet,
  Container,
  RichTextBlock,
  Spacing,
  SubmitAction,
  TextBlock,
  TextColor,
} from './types';

export function toAttachment(body: readonly CardElement[], actions?: readonly SubmitAction[]): Attachment {
  const card: AdaptiveCard = {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
  return CardFactory.adaptiveCard(card);
}

/**
 * A plain Action.Submit with object data: Teams posts it as `activity.value` and writes nothing into
 * the chat. Only the step's own submit gathers the inputs; every other button leaves them behind, so
 * "Avbryt" is never blocked by a required field and never carries a typed password.
 */
export function submit(
  verb: CardVerb,
  title: string,
  ref: CardRef,
  options: { primary?: boolean; withInputs?: boolean } = {},
): SubmitAction {
  return {
    type: 'Action.Submit',
    title,
    data: { verb, caseId: ref.caseId, nonce: ref.nonce },
    ...(options.primary ? { style: 'positive' } : {}),
    associatedInputs: options.withInputs ? 'auto' : 'none',
  };
}

export function heading(text: string): TextBlock {
  return { type: 'TextBlock', text, wrap: true, style: 'heading', size: 'large', weight: 'bolder' };
}

export function paragraph(
  text: string,
  options: { spacing?: Spacing; isSubtle?: boolean; bold?: boolean; color?: TextColor } = {},
): TextBlock {
  return {
    type: 'TextBlock',
    text,
    wrap: true,
    ...(options.spacing ? { spacing: options.spacing } : {}),
    ...(options.isSubtle ? { isSubtle: true } : {}),
    ...(options.bold ? { weight: 'bolder' } : {}),
    ...(options.color ? { color: options.color } : {}),
  };
}

/** Teams reads TextBlock text as Markdown; a TextRun is shown as typed, so usernames stay intact. */
export function literal(
  text: string,
  options: { spacing?: Spacing; bold?: boolean; color?: TextColor } = {},
): RichTextBlock {
  return {
    type: 'RichTextBlock',
    inlines: [
      {
        type: 'TextRun',
        text,
        ...(options.bold ? { weight: 'bolder' } : {}),
        ...(options.color ? { color: options.color } : {}),
      },
    ],
    ...(options.spacing ? { spacing: options.spacing } : {}),
  };
}

export function errorMessage(text: string, spacing: Spacing = 'medium'): TextBlock {
  return paragraph(text, { spacing, bold: true, color: 'attention' });
}

/**
 * A phone number that wraps as one word: "0142-36 6000" otherwise breaks after the dash or at the
 * space on a phone. The dash stays a plain hyphen-minus, so a copied number still dials.
 */
export function unbreakablePhone(phone: string): string {
  return phone.replace(/ /g, '\u00a0').replace(/-/g, '-\u2060');
}

/** A line that reports something done, marked as such. Never read as Markdown. */
export function doneLine(text: string, options: { spacing?: Spacing; bold?: boolean } = {}): RichTextBlock {
  return {
    type: 'RichTextBlock',
    inlines: [
      { type: 'TextRun', text: '✓ ', weight: 'bolder', color: 'good' },
      { type: 'TextRun', text, ...(options.bold ? { weight: 'bolder' } : {}) },
    ],
    ...(options.spacing ? { spacing: options.spacing } : {}),
  };
}

/** Bullets as columns, so a wrapped line stays indented; Markdown lists render differently per client. */
export function bulletList(items: readonly string[], color?: TextColor): Container {
  return {
    type: 'Container',
    spacing: 'small',
    items: items.map((item): ColumnSet => ({
      type: 'ColumnSet',
      spacing: 'small',
      columns: [
        { type: 'Column', width: 'auto', items: [paragraph('•', color ? { color } : {})] },
        {
          type: 'Column',
          width: 'stretch',
          spacing: 'small',
          items: [paragraph(item, color ? { color } : {})],
        },
      ],
    })),
  };
}

/**
 * A tappable tile whose text wraps. Teams cuts button titles to one line ("Behåll ditt nuvarande
 * lösen…" on a phone), so choices longer than a word or two are tiles, not buttons.
 */
export function optionTile(text: string, action: SubmitAction, spacing: Spacing = 'medium'): Container {
  return {
    type: 'Container',
    style: 'emphasis',
    spacing,
    selectAction: action,
    items: [
      {
        type: 'ColumnSet',
        columns: [
          {
            type: 'Column',
            width: 'stretch',
            verticalContentAlignment: 'center',
            items: [literal(text, { bold: true, color: 'accent' })],
          },
          {
            type: 'Column',
            width: 'auto',
            verticalContentAlignment: 'center',
            items: [
              { type: 'TextBlock', text: '›', wrap: true, size: 'large', weight: 'bolder', color: 'accent' },
            ],
          },
        ],
      },
    ],
  };
}
