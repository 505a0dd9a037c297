import type { Config } from '../config';
import { createActiveDirectory } from '../ad';
import { createGraph } from '../graph';
import { createHybridDirectory } from '../hybrid';
import { errorText } from '../lib/errorText';
import type { AccountDirectory, Logger } from '../reset/ports';
import { fail, pass, type CheckResult } from './checklist';

/**
 * APPROVER_GROUP read as manager approval reads it (the configured directory's `findApprovers`): a
 * group that is missing, empty or unreadable would only show when someone without a manager asks.
 */
export async function checkApprovers(config: Config, logger: Logger): Promise<CheckResult[]> {
  const group = config.approval.approverGroup;
  const directory = config.directory;
  if (group === undefined || directory.kind === 'demo') return [];
  const title = `Read the approver group ${group} (APPROVER_GROUP)`;
  const options = { approverGroup: group };
  const approvers: AccountDirectory =
    directory.kind === 'graph'
      ? createGraph(directory.graph, logger, options).directory
      : directory.kind === 'ad'
        ? createActiveDirectory(directory.ad, logger, options)
        : createHybridDirectory(directory.graph, directory.ad, logger, options);
  const fix =
    directory.kind === 'ad'
      ? 'give the group sAMAccountName (under AD_BASE_DN) or DN, and let the service account read its members'
      : 'give the group object id or its exact display name, and grant GroupMember.Read.All with admin consent';
  try {
    const members = (await approvers.findApprovers?.()) ?? [];
    return members.length > 0
      ? [pass(title, `${members.length} enabled ${members.length === 1 ? 'member' : 'members'}`)]
      : [fail(title, 'no enabled member found (a missing group reads as none)', fix)];
  } catch (error) {
    return [fail(title, errorText(error), fix)];
  }
}
