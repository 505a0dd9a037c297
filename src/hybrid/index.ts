import { createActiveDirectory, type AdConfig } from '../ad';
import { createGraph, type ApproverOptions, type GraphConfig } from '../graph';
import type { EnrollmentFeed, ExpiryFeed, LockoutFeed } from '../reset/notices/ports';
import type { Logger } from '../reset/ports';
import { HybridDirectory } from './hybridDirectory';
import { HybridLockoutFeed } from './hybridLockoutFeed';

export { HybridDirectory, mergeSynced } from './hybridDirectory';

/**
 * The directory for `DIRECTORY=hybrid`: Graph for lookups and cloud-only writes, AD for synced writes;
 * also AD's lockouts mapped to their owners in Entra ID (the lockout watcher's feed).
 */
export function createHybridDirectory(
  graph: GraphConfig,
  ad: AdConfig,
  logger: Logger,
  approvers: ApproverOptions = {},
): HybridDirectory & LockoutFeed & ExpiryFeed & EnrollmentFeed {
  // The approver group is read in Entra ID (display name or object id), its members mapped to AD.
  const { users, directory } = createGraph(graph, logger, approvers);
  const activeDirectory = createActiveDirectory(ad, logger);
  const feed = new HybridLockoutFeed(activeDirectory, users);
  return Object.assign(new HybridDirectory(users, directory, activeDirectory, logger), {
    lockedSince: (since: Date) => feed.lockedSince(since),
    expiringBefore: (until: Date) => feed.expiringBefore(until),
    // Candidates by AD's mobile attribute; each is confirmed through Graph, which decides in hybrid.
    withoutMobile: () => activeDirectory.withoutMobile(),
  });
}
