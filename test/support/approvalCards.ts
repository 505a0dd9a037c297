import type { Activity } from 'botbuilder';

/** The manager's card's answer tile: its submit data as Teams would post it. */
export function approvalButton(card: Partial<Activity>, answer: 'yes' | 'no'): Record<string, unknown> {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown): void => {
    if (found || node === null || typeof node !== 'object') return;
    const data = (node as { data?: Record<string, unknown> }).data;
    if (data?.['approval'] === answer) found = data;
    else Object.values(node).forEach(visit);
  };
  visit(card.attachments);
  if (!found) throw new Error(`the card has no ${answer} button`);
  return found;
}
