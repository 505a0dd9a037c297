import { CardFactory, type Attachment } from 'botbuilder';
import { z } from 'zod';
import { paragraph } from './elements';
import type { CardElement } from './types';

/**
 * The button of a lockout notice. Kept apart from the case cards' verbs (`actions.ts`): it belongs to no
 * case yet, and what it starts is always the presser's own account, found from their Teams identity, so
 * a forged press can name nobody else's.
 */
export const noticeSubmitSchema = z.object({
  /** `new-password-own`: an expiry reminder's button, straight to the new-password step after the code. */
  notice: z.enum(['unlock-own', 'new-password-own']),
  noticeId: z.string().min(1).max(100),
});

export type NoticeSubmit = z.infer<typeof noticeSubmitSchema>;

export interface NoticeCardData {
  readonly lines: readonly string[];
  /** The button, when the notice offers to start a case. */
  readonly button?: { readonly title: string; readonly noticeId: string; readonly newPassword?: boolean };
  /** A link instead (the enrollment message's registration page); it starts no case. */
  readonly link?: { readonly title: string; readonly url: string };
}

/** A notice in the personal chat: a few lines and at most one button. */
export function noticeCard({ lines, button, link }: NoticeCardData): Attachment {
  const body: CardElement[] = lines.map((line, index) =>
    paragraph(line, index === 0 ? { bold: true } : { spacing: 'small' }),
  );
  const data: NoticeSubmit | undefined = button && {
    notice: button.newPassword ? 'new-password-own' : 'unlock-own',
    noticeId: button.noticeId,
  };
  return CardFactory.adaptiveCard({
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(button && data
      ? { actions: [{ type: 'Action.Submit', title: button.title, style: 'positive', data }] }
      : link
        ? { actions: [{ type: 'Action.OpenUrl', title: link.title, url: link.url }] }
        : {}),
  });
}
