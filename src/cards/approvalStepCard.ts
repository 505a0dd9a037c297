import type { Attachment } from 'botbuilder';
import type { ApprovalWords, CardWords } from '../language';
import {
  errorMessage,
  heading,
  literal,
  optionTile,
  paragraph,
  submit,
  toAttachment,
  unbreakablePhone,
} from './elements';
import type { CardRef } from './types';

export interface ApprovalStepCardData extends CardRef {
  readonly m: CardWords;
  readonly a: ApprovalWords;
  readonly servicedeskPhone: string;
  /** Waiting for this approver until `until` (local `HH:MM`); the offer when absent. */
  readonly waiting?: { readonly approverName: string; readonly until: string };
  readonly error?: string;
}

/**
 * The employee's step when their account has no mobile but their manager can vouch: the offer (with the
 * service desk's number), then the wait for the answer, which updates this card when it comes.
 */
export function approvalStepCard({
  m,
  a,
  caseId,
  nonce,
  servicedeskPhone,
  waiting,
  error,
}: ApprovalStepCardData): Attachment {
  const ref = { caseId, nonce };
  if (waiting) {
    return toAttachment(
      [
        heading(a.waitingTitle),
        literal(a.waiting(waiting.approverName, waiting.until)),
        ...(error ? [errorMessage(error)] : []),
      ],
      [submit('cancel', m.cancel, ref)],
    );
  }
  return toAttachment(
    [
      heading(a.offerTitle),
      paragraph(a.offerText(unbreakablePhone(servicedeskPhone))),
      ...(error ? [errorMessage(error)] : []),
      // A tile, not a button: Teams cuts button titles to one line on a phone.
      optionTile(a.askManager, submit('approval.ask', a.askManager, ref)),
    ],
    [submit('cancel', m.cancel, ref)],
  );
}
