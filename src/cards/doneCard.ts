import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { bulletList, doneLine, heading, paragraph, submit, toAttachment } from './elements';
import type { CardRef } from './types';

export interface DoneCardData extends CardRef {
  readonly m: CardWords;
  /** What happened: `m.doneUnlocked`, `m.donePasswordSet`, `m.doneWasNotLocked`, `m.doneCloudLockout`. */
  readonly headline: string;
  readonly detail?: string;
  /** Usually `m.doneTips`. */
  readonly tips: readonly string[];
}

/** Step 5: the outcome, how not to be locked out again at once, and the guide's "Slutför". */
export function doneCard({ m, caseId, nonce, headline, detail, tips }: DoneCardData): Attachment {
  const ref = { caseId, nonce };
  return toAttachment(
    [
      heading(m.doneTitle),
      doneLine(headline, { bold: true }),
      ...(detail ? [paragraph(detail)] : []),
      ...(tips.length > 0
        ? [paragraph(m.doneTipsTitle, { spacing: 'large', bold: true }), bulletList(tips)]
        : []),
    ],
    [submit('done.finish', m.finish, ref, { primary: true })],
  );
}
