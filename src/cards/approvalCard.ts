import { CardFactory, type Attachment } from 'botbuilder';
import { z } from 'zod';
import type { ApprovalWords } from '../language';
import { heading, literal, optionTile, paragraph, submit } from './elements';
import type { CardElement } from './types';

/**
 * The approver's buttons. Kept apart from the case cards' verbs (`actions.ts`): the press comes from
 * another person's chat than the case's. It names the request; who may answer it is decided on the
 * server from the presser's Teams identity, never from this data.
 */
export const approvalSubmitSchema = z.object({
  approval: z.enum(['yes', 'no']),
  caseId: z.string().min(1).max(100),
  requestId: z.string().min(1).max(100),
});

export type ApprovalSubmit = z.infer<typeof approvalSubmitSchema>;

export interface ApprovalCardData {
  readonly a: ApprovalWords;
  readonly caseId: string;
  readonly requestId: string;
  readonly employee: {
    readonly displayName: string;
    readonly username: string;
    readonly department?: string;
  };
  /** Local times, `HH:MM`. */
  readonly askedAt: string;
  readonly until: string;
}

/**
 * The card in the approver's chat: who asks, when, how to check it is them (speak to them), and two
 * answers. It holds no password, code or phone number.
 */
export function approvalCard({
  a,
  caseId,
  requestId,
  employee,
  askedAt,
  until,
}: ApprovalCardData): Attachment {
  const first = firstName(employee.displayName);
  const fact = (label: string, value: string): CardElement =>
    literal(`${label}: ${value}`, { spacing: 'small' });
  const body: CardElement[] = [
    heading(a.cardTitle),
    literal(a.cardIntro(employee.displayName), { spacing: 'medium' }),
    fact(a.name, employee.displayName),
    fact(a.username, employee.username),
    ...(employee.department !== undefined ? [fact(a.department, employee.department)] : []),
    fact(a.askedAt, askedAt),
    literal(a.howTo(first), { spacing: 'medium', bold: true }),
    paragraph(a.validUntil(until), { spacing: 'small', isSubtle: true }),
    paragraph(a.noPassword, { spacing: 'small', isSubtle: true }),
  ];
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      ...body,
      answerTile(a.yes(first), { approval: 'yes', caseId, requestId }, 'large'),
      answerTile(a.no, { approval: 'no', caseId, requestId }, 'medium'),
    ],
  });
}

/**
 * An answer as a tile whose text wraps (Teams cuts button titles to one line on a phone): the case
 * cards' tile, pressing with this card's own data instead of a case verb.
 */
function answerTile(text: string, data: ApprovalSubmit, spacing: 'large' | 'medium'): object {
  const placeholder = submit('cancel', text, { caseId: data.caseId, nonce: data.requestId });
  const { selectAction: _placeholder, ...tile } = optionTile(text, placeholder, spacing);
  return { ...tile, selectAction: { type: 'Action.Submit', title: text, data } };
}

/** What the approver's card becomes once answered (or too late): the answer, no buttons. */
export function approvalAnsweredCard(a: ApprovalWords, message: string): Attachment {
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [heading(a.cardTitle), literal(message, { spacing: 'medium' })],
  });
}

/** "Anna" of "Anna Svensson"; the whole name when it has one part. */
export function firstName(displayName: string): string {
  return displayName.trim().split(/\s+/)[0] ?? displayName;
}

/** `HH:MM` in Swedish time, as the guide's other times are told. */
export function localClockTime(at: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}
