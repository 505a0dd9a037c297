import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { defaultPasswordPolicy } from '../reset/passwordPolicy';
import { inputIds } from './actions';
import { bulletList, errorMessage, heading, paragraph, submit, toAttachment } from './elements';
import type { CardElement, CardRef } from './types';

export interface PasswordCardData extends CardRef {
  readonly m: CardWords;
  /** Each broken rule, already worded (`m.violation`, `m.rejection`). */
  readonly errors?: readonly string[];
}

const { maxLength } = defaultPasswordPolicy;

/** Step 4 (new password only). The values exist only in this card's inputs, never in the chat. */
export function passwordCard({ m, caseId, nonce, errors = [] }: PasswordCardData): Attachment {
  const ref = { caseId, nonce };
  const notAccepted: CardElement[] =
    errors.length > 0 ? [errorMessage(m.passwordNotAccepted), bulletList(errors, 'attention')] : [];
  return toAttachment(
    [
      heading(m.passwordTitle),
      paragraph(m.passwordRules),
      ...notAccepted,
      {
        type: 'Input.Text',
        id: inputIds.newPassword,
        label: m.passwordLabel,
        style: 'password',
        maxLength,
        // No client-side pattern: it could only say "does not meet the rules" and stop the submit,
        // so the rule that failed would never be named. The server names every broken rule.
        isRequired: true,
        errorMessage: m.violation('empty'),
        spacing: 'medium',
      },
      {
        type: 'Input.Text',
        id: inputIds.repeatPassword,
        label: m.passwordRepeatLabel,
        style: 'password',
        maxLength,
        isRequired: true,
        errorMessage: m.violation('empty'),
        spacing: 'medium',
      },
    ],
    [
      submit('password.submit', m.next, ref, { primary: true, withInputs: true }),
      submit('cancel', m.cancel, ref),
    ],
  );
}
