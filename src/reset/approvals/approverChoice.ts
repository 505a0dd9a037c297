import type { Account } from '../account';
import type { Requester } from '../case';
import type { AccountDirectory } from '../ports';
import type { ApproverChats } from './ports';

export interface Approver {
  readonly approver: Account & { readonly aadObjectId: string };
  readonly role: 'manager' | 'approver';
}

/**
 * Who may vouch for `account`: its manager, or where the directory names none, the first member of the
 * approver group. Only someone else (not the account, not the requester), enabled, with a Teams identity
 * the bot can reach. A manager named but unusable means nobody: the group is for accounts without one.
 */
export async function findApprover(
  parts: { readonly directory: AccountDirectory; readonly chats: ApproverChats },
  requester: Requester,
  account: Account,
): Promise<Approver | undefined> {
  const usable = async (candidate: Account): Promise<boolean> =>
    candidate.enabled &&
    candidate.id !== account.id &&
    candidate.aadObjectId !== undefined &&
    candidate.aadObjectId !== account.aadObjectId &&
    candidate.aadObjectId !== requester.aadObjectId &&
    (await parts.chats.canReach(candidate.aadObjectId));
  const withId = (candidate: Account): Approver['approver'] => ({
    ...candidate,
    aadObjectId: candidate.aadObjectId ?? '',
  });
  const manager = await parts.directory.findManager?.(account);
  if (manager) return (await usable(manager)) ? { approver: withId(manager), role: 'manager' } : undefined;
  for (const approver of (await parts.directory.findApprovers?.()) ?? []) {
    if (await usable(approver)) return { approver: withId(approver), role: 'approver' };
  }
  return undefined;
}
