import type { Activity } from 'botbuilder';

/** The reset flow is only offered in a one-to-one chat: answers in a group or channel are seen by others. */
export function isPersonalChat(activity: Partial<Activity>): boolean {
  const type = activity.conversation?.conversationType;
  return type === undefined || type === 'personal';
}
