import { privateCaAgent, readCaFile } from '../lib/privateCa';
import type { Logger } from '../reset/ports';
import { createCredential } from './credential';
import { GraphApi } from './graphApi';
import type { GraphConfig } from '../config';
import { GraphDirectory } from './graphDirectory';
import { GraphUsers } from './graphUsers';

export { GraphApi } from './graphApi';
export { GraphDirectory } from './graphDirectory';
export { GraphUsers } from './graphUsers';
export type { GraphConfig } from '../config';

export interface GraphComponents {
  readonly api: GraphApi;
  readonly users: GraphUsers;
  readonly directory: GraphDirectory;
}

/** Settings for the manager-approval flow, which the caller takes from its own config (`APPROVER_GROUP`). */
export interface ApproverOptions {
  /** The approver group: its object id, or its display name (exactly one group must have it). */
  readonly approverGroup?: string;
}

/** Everything Graph, built from the configuration (hybrid mode reuses `api` and `users`). */
export function createGraph(
  config: GraphConfig,
  logger: Logger,
  approvers: ApproverOptions = {},
): GraphComponents {
  const agent = config.caFile !== undefined ? privateCaAgent(readCaFile(config.caFile)) : undefined;
  const api = new GraphApi({
    credential: createCredential(config, agent),
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    logger,
    ...(agent ? { agent } : {}),
  });
  const users = new GraphUsers({
    api,
    logger,
    allowDirectoryMobile: config.allowDirectoryMobile,
    ...(config.defaultUpnSuffix !== undefined ? { defaultUpnSuffix: config.defaultUpnSuffix } : {}),
    ...(approvers.approverGroup !== undefined ? { approverGroup: approvers.approverGroup } : {}),
  });
  return { api, users, directory: new GraphDirectory(users, api, logger) };
}
