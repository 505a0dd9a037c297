import { z } from 'zod';

/**
 * The least an activity must carry before the adapter sees it: without these the bot cannot answer
 * or keep state, so the request is refused with 400 instead of failing inside a turn.
 */
export const incomingActivitySchema = z
  .object({
    type: z.string().min(1).max(100),
    id: z.string().max(500).optional(),
    serviceUrl: z.string().url().max(2000),
    channelId: z.string().min(1).max(100),
    from: z.object({ id: z.string().min(1).max(500) }).passthrough(),
    conversation: z.object({ id: z.string().min(1).max(1000) }).passthrough(),
    recipient: z.object({ id: z.string().min(1).max(500) }).passthrough(),
    text: z.string().max(28_000).optional(),
    locale: z.string().max(20).optional(),
  })
  .passthrough();

export function describeActivityProblems(body: unknown): string | undefined {
  const parsed = incomingActivitySchema.safeParse(body);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
}
