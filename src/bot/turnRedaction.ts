import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import type { ActiveCase } from '../dialogs/mainDialog';
import { DialogIds } from '../dialogs/ids';
import type { ResetService } from '../reset/resetService';
import type { RedactionContext } from './activityRedaction';
import type { AwaitedInput } from './redactionRules';

/** What a bot turn tells the transcript about itself; read by `RedactingTranscriptMiddleware`. */
export interface TurnRedaction extends RedactionContext {
  /** The case the turn worked on: the active one when it began, else the one it started. */
  readonly caseId?: string;
}

export const TURN_REDACTION = Symbol('turnRedaction');

const STEPS: Readonly<Record<string, AwaitedInput>> = {
  [DialogIds.account]: 'account',
  [DialogIds.code]: 'code',
  [DialogIds.newPassword]: 'password',
};

export interface TurnRedactionSources {
  readonly dialogState: StatePropertyAccessor<DialogState>;
  readonly activeCase: StatePropertyAccessor<ActiveCase | undefined>;
  readonly reset: ResetService;
}

/**
 * Notes what the turn's message answered and for which case, for the transcript. Runs inside the bot's
 * per-conversation lock, on the state the turn itself loads, so it reads no more than the turn does,
 * except the case record after an answer at the account step (did the name match an account?).
 */
export async function noteTurn(
  context: TurnContext,
  sources: TurnRedactionSources,
  turn: () => Promise<void>,
): Promise<void> {
  const before = (await sources.activeCase.get(context))?.caseId;
  const awaited = before !== undefined ? awaitedStep(await sources.dialogState.get(context)) : undefined;
  const note: { -readonly [K in keyof TurnRedaction]: TurnRedaction[K] } = {
    ...(before !== undefined ? { caseId: before } : {}),
    ...(awaited !== undefined ? { awaited } : {}),
  };
  context.turnState.set(TURN_REDACTION, note);
  await turn();
  if (before === undefined) {
    const started = (await sources.activeCase.get(context))?.caseId;
    if (started !== undefined) note.caseId = started;
  } else if (awaited === 'account') {
    const record = await sources.reset.getCase(before);
    if (record?.account !== undefined && record.requestedUsername !== undefined) {
      note.matchedUsername = record.requestedUsername;
    }
  }
}

/** The innermost step dialog on the stack (a step's prompt sits above it, inside it). */
export function awaitedStep(state: DialogState | undefined): AwaitedInput | undefined {
  let found: AwaitedInput | undefined;
  let stack = state?.dialogStack;
  while (stack !== undefined && stack.length > 0) {
    const top = stack[stack.length - 1]!;
    found = STEPS[top.id] ?? found;
    const inner = (top.state as { dialogs?: DialogState } | undefined)?.dialogs;
    stack = inner?.dialogStack;
  }
  return found;
}

export function turnRedactionOf(context: TurnContext): TurnRedaction {
  return context.turnState.get<TurnRedaction | undefined>(TURN_REDACTION) ?? {};
}
