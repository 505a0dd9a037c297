import type { DirectoryConfig } from './config';
import { loadDemoDirectory, SAMPLE_DIRECTORY_PATH } from './demo/demoDirectory';
import { DemoLockouts } from './demo/demoLockouts';
import type { AccountDirectory, Logger } from './reset/ports';

export interface DirectoryDeps {
  readonly logger: Logger;
  /** APPROVER_GROUP: whose members may vouch for accounts without a manager (AD, Graph, hybrid). */
  readonly approverGroup?: string | undefined;
}

/**
 * The configured account directory. It picks among four adapter folders (demo, graph, ad, hybrid), so it
 * lives beside the composition root rather than in any one of them. Each real adapter is loaded only
 * when configured: each pulls in its SDK (Graph, LDAP), which would add to every start.
 */
export async function createDirectory(
  options: DirectoryConfig,
  deps: DirectoryDeps,
): Promise<AccountDirectory> {
  const approvers = deps.approverGroup !== undefined ? { approverGroup: deps.approverGroup } : {};
  switch (options.kind) {
    case 'hybrid':
      return (await import('./hybrid')).createHybridDirectory(
        options.graph,
        options.ad,
        deps.logger,
        approvers,
      );
    case 'graph':
      return (await import('./graph')).createGraph(options.graph, deps.logger, approvers).directory;
    case 'ad':
      return (await import('./ad')).createActiveDirectory(options.ad, deps.logger, approvers);
    case 'demo': {
      // The demo reports its lockouts too, so its own watcher can tell of them (`npm run demo:lockout`).
      const demo = await loadDemoDirectory(options.file ?? SAMPLE_DIRECTORY_PATH);
      const lockouts = new DemoLockouts(demo);
      return Object.assign(demo, {
        lockedSince: (since: Date) => lockouts.lockedSince(since),
        lockOutNow: (username: string) => lockouts.lockOut(username),
      });
    }
  }
}
