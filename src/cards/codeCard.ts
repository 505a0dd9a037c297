import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { inputIds } from './actions';
import { errorMessage, heading, paragraph, submit, toAttachment } from './elements';
import type { CardRef } from './types';

export interface CodeCardData extends CardRef {
  readonly m: CardWords;
  /** Where the code went: `m.codeSentOwn(...)` or `m.codeSentUniform(...)`, or `m.codeResent`. */
  readonly intro: string;
  readonly error?: string;
}

/** Six digits, with a space or dash in the middle tolerated: what people copy from an SMS. */
export const CODE_PATTERN = String.raw`^\s*\d{3}\s*-?\s*\d{3}\s*$`;

/** Step 2: the code from the SMS. */
export function codeCard({ m, caseId, nonce, intro, error }: CodeCardData): Attachment {
  const ref = { caseId, nonce };
  return toAttachment(
    [
      heading(m.codeTitle),
      paragraph(intro),
      ...(error ? [errorMessage(error)] : []),
      {
        type: 'Input.Text',
        id: inputIds.code,
        label: m.codeLabel,
        placeholder: m.codePlaceholder,
        // `tel` brings up the digit keypad on phones.
        style: 'tel',
        maxLength: '123 456'.length,
        isRequired: true,
        regex: CODE_PATTERN,
        errorMessage: m.codeInvalidFormat,
        spacing: 'medium',
      },
      // Enter in a card's field sends nothing (the Adaptive Cards renderer acts on Ctrl+Enter only, and
      // an inline button beside the field overflows a phone): the chat box is where Enter sends.
      paragraph(m.codeChatHint, { spacing: 'small', isSubtle: true }),
    ],
    [
      submit('code.submit', m.next, ref, { primary: true, withInputs: true }),
      submit('code.resend', m.resendCode, ref),
      submit('cancel', m.cancel, ref),
    ],
  );
}
