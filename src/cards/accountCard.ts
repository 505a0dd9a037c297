import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { MAX_USERNAME_LENGTH } from '../reset/username';
import { inputIds } from './actions';
import {
  errorMessage,
  heading,
  optionTile,
  paragraph,
  submit,
  toAttachment,
  unbreakablePhone,
} from './elements';
import type { CardElement, CardRef } from './types';

export interface AccountCardData extends CardRef {
  readonly m: CardWords;
  /** The signed-in Teams user's own account, offered with one tap. */
  readonly ownUsername?: string;
  readonly servicedeskPhone: string;
  readonly error?: string;
}

/** Step 1: whose account. The own account is one tap; any other is typed. */
export function accountCard({
  m,
  caseId,
  nonce,
  ownUsername,
  servicedeskPhone,
  error,
}: AccountCardData): Attachment {
  const ref = { caseId, nonce };
  const ownAccount: CardElement[] = ownUsername
    ? [
        optionTile(
          m.ownAccountButton(ownUsername),
          submit('account.own', m.ownAccountButton(ownUsername), ref),
        ),
        paragraph(m.otherAccountHint, { spacing: 'large' }),
      ]
    : [];
  return toAttachment(
    [
      heading(m.welcomeTitle),
      paragraph(m.welcomeText),
      paragraph(m.phoneRequired(unbreakablePhone(servicedeskPhone)), { isSubtle: true }),
      ...ownAccount,
      ...(error ? [errorMessage(error)] : []),
      {
        type: 'Input.Text',
        id: inputIds.username,
        label: m.usernameLabel,
        placeholder: m.usernamePlaceholder,
        maxLength: MAX_USERNAME_LENGTH,
        // With an own account offered, an empty field is simply not the path taken.
        ...(ownUsername ? {} : { isRequired: true, errorMessage: m.invalidUsername }),
        spacing: ownUsername && !error ? 'small' : 'medium',
      },
    ],
    [
      submit('account.submit', m.next, ref, { primary: true, withInputs: true }),
      submit('cancel', m.cancel, ref),
    ],
  );
}
