import { z } from 'zod';

/** Every button the bot's cards carry. The dialogs route on these and nothing else. */
export const cardVerbs = [
  'account.submit',
  'account.own',
  'code.submit',
  'code.resend',
  'choice.unlock',
  'choice.newPassword',
  'password.submit',
  'done.finish',
  'approval.ask',
  'cancel',
  'restart',
] as const;

export type CardVerb = (typeof cardVerbs)[number];

/** Input ids, shared by the card templates and the submit parsers. */
export const inputIds = {
  username: 'username',
  code: 'code',
  newPassword: 'newPassword',
  repeatPassword: 'repeatPassword',
} as const;

/**
 * What every submit carries besides its inputs: the verb, the case it belongs to and a nonce that
 * identifies the card, so a replayed or stale card is recognised.
 */
export interface SubmitData {
  readonly verb: CardVerb;
  readonly caseId: string;
  readonly nonce: string;
}

const base = { caseId: z.string().min(1).max(100), nonce: z.string().min(1).max(100) };
const text = (max: number) => z.string().max(max);

/** Submits parsed strictly by verb; unknown keys are dropped, wrong types rejected. */
export const submitSchema = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal('account.submit'), ...base, [inputIds.username]: text(1000).optional() }),
  z.object({ verb: z.literal('account.own'), ...base }),
  z.object({ verb: z.literal('code.submit'), ...base, [inputIds.code]: text(100).optional() }),
  z.object({ verb: z.literal('code.resend'), ...base }),
  z.object({ verb: z.literal('choice.unlock'), ...base }),
  z.object({ verb: z.literal('choice.newPassword'), ...base }),
  z.object({
    verb: z.literal('password.submit'),
    ...base,
    [inputIds.newPassword]: text(1000).optional(),
    [inputIds.repeatPassword]: text(1000).optional(),
  }),
  z.object({ verb: z.literal('done.finish'), ...base }),
  z.object({ verb: z.literal('approval.ask'), ...base }),
  z.object({ verb: z.literal('cancel'), ...base }),
  z.object({ verb: z.literal('restart'), ...base }),
]);

export type CardSubmit = z.infer<typeof submitSchema>;
