import type { Attachment } from 'botbuilder';
import type { CardWords } from '../language';
import { errorMessage, heading, optionTile, paragraph, submit, toAttachment } from './elements';
import type { CardRef } from './types';

export interface ChoiceCardData extends CardRef {
  readonly m: CardWords;
  /** Why the last answer was not taken (say, the directory could not be reached). */
  readonly error?: string;
}

/** Step 3: the guide's two choices, word for word, each fully readable on a phone. */
export function choiceCard({ m, caseId, nonce, error }: ChoiceCardData): Attachment {
  const ref = { caseId, nonce };
  return toAttachment(
    [
      heading(m.choiceTitle),
      paragraph(m.choiceIntro),
      ...(error ? [errorMessage(error)] : []),
      optionTile(m.choiceKeep, submit('choice.unlock', m.choiceKeep, ref)),
      optionTile(m.choiceNew, submit('choice.newPassword', m.choiceNew, ref), 'default'),
    ],
    [submit('cancel', m.cancel, ref)],
  );
}
