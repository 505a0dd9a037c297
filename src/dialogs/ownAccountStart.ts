import type { TurnContext } from 'botbuilder';
import { wordsFor } from '../language';
import type { AccountStepResult } from './accountDialog';
import type { StepDependencies } from './cardStepDialog';
import { requesterOf } from './requester';

/** How the main dialog starts when a lockout notice's button was pressed. */
export interface OwnAccountStart {
  readonly ownAccount: true;
  /** The notice pressed, noted on the case so the service desk sees the notice led to it. */
  readonly noticeId: string;
  /** An expiry reminder's button: after the code, straight to the new password (no choice step). */
  readonly newPassword?: boolean;
}

export function isOwnAccountStart(options: unknown): options is OwnAccountStart {
  return (options as Partial<OwnAccountStart> | undefined)?.ownAccount === true;
}

/**
 * Step 1 without a question: the case is for the presser's own account, found from their Teams
 * identity (never from the button's data), and the code is sent at once. The SMS code is still needed.
 */
export async function submitOwnAccount(
  deps: StepDependencies,
  context: TurnContext,
  caseId: string,
  start: OwnAccountStart,
): Promise<AccountStepResult> {
  const m = wordsFor(context.activity.locale).chat;
  const phone = deps.servicedeskPhone;
  await deps.reset.noteNoticeFollowed(caseId, start.noticeId);
  const own = await deps.reset.ownAccount(requesterOf(context.activity), caseId);
  if (!own) return stop(context, m.invalidUsername);
  const result = await deps.reset.submitUsername(caseId, own.username);
  switch (result.kind) {
    case 'code-sent':
      return { next: 'code', intro: m.codeSentOwn(result.phoneLast2, deps.codeValidMinutes) };
    case 'code-sent-if-exists':
      return { next: 'code', intro: m.codeSentUniform(deps.codeValidMinutes, phone) };
    case 'invalid-username':
      return stop(context, m.invalidUsername);
    case 'directory-unavailable':
      return stop(context, m.directoryUnavailable(phone));
    case 'manager-can-confirm':
      return { next: 'approval' };
    case 'no-phone':
      return stop(context, m.noPhone(phone));
    case 'disabled':
      return stop(context, m.disabled(phone));
    case 'blocked':
      return stop(context, m.blocked(result.until, phone));
    case 'sms-failed':
      return stop(context, m.smsFailed(phone));
    case 'case-closed':
      return stop(context, m.staleCard);
  }
}

async function stop(context: TurnContext, message: string): Promise<AccountStepResult> {
  await context.sendActivity(message);
  return { next: 'end' };
}
