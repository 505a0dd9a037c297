import { readCaFile } from '../lib/privateCa';
import type { Logger } from '../reset/ports';
import { WatchedActiveDirectory } from './lockoutFeed';
import type { AdConfig } from '../config';

export { ActiveDirectory, type ActiveDirectoryOptions } from './activeDirectory';
export { WatchedActiveDirectory } from './lockoutFeed';
export type { AdConfig } from '../config';
export { HistoryEnforcementUnsupportedError } from './adErrors';

/** Settings for the manager-approval flow, which the caller takes from its own config (`APPROVER_GROUP`). */
export interface ApproverOptions {
  /** The approver group: its sAMAccountName (under AD_BASE_DN) or its DN. */
  readonly approverGroup?: string;
}

/** The directory for `DIRECTORY=ad`, built from the typed config (reads the CA file once, at startup). */
export function createActiveDirectory(
  config: AdConfig,
  logger: Logger,
  approvers: ApproverOptions = {},
): WatchedActiveDirectory {
  return new WatchedActiveDirectory({
    urls: config.urls,
    baseDn: config.baseDn,
    bindDn: config.bindDn,
    bindPassword: config.bindPassword,
    ...(config.caFile !== undefined ? { ca: readCaFile(config.caFile) } : {}),
    timeoutMs: config.timeoutMs,
    enforceHistory: config.enforceHistory,
    allowProtected: config.allowProtected,
    mobileAttribute: config.mobileAttribute,
    ...(config.aadObjectIdAttribute !== undefined
      ? { aadObjectIdAttribute: config.aadObjectIdAttribute }
      : {}),
    ...(approvers.approverGroup !== undefined ? { approverGroup: approvers.approverGroup } : {}),
    logger,
  });
}
