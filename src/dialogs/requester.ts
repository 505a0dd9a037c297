import type { Activity } from 'botbuilder';
import type { Requester } from '../reset/case';

/** Who is asking, from what Teams says about the sender. */
export function requesterOf(activity: Partial<Activity>): Requester {
  const from = activity.from;
  return {
    userId: from?.id ?? 'unknown',
    ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}),
    ...(from?.name ? { name: from.name.slice(0, 200) } : {}),
  };
}

/** Teams reports the client in a `clientInfo` entity: desktop, web, ios, android. */
export function platformOf(activity: Partial<Activity>): string | undefined {
  const clientInfo = activity.entities?.find((entity) => entity.type === 'clientInfo') as
    { platform?: unknown } | undefined;
  return typeof clientInfo?.platform === 'string' ? clientInfo.platform.slice(0, 40) : undefined;
}
