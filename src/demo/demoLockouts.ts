import type { Account } from '../reset/account';
import type { LockedAccount, LockoutFeed } from '../reset/notices/ports';
import type { AccountDirectory } from '../reset/ports';

/** The demo directory's side of a lockout: locking an account by name, and reporting when it happened. */
export interface DemoLockable extends AccountDirectory {
  lockOut(username: string): Account | undefined;
}

/**
 * Lockouts in the demo, so a newcomer sees a lockout notice without AD: `npm run demo:lockout` locks a
 * demo account, and the lockout watcher finds it here as it would in AD.
 */
export class DemoLockouts implements LockoutFeed {
  private readonly lockedAt = new Map<string, Date>();

  constructor(private readonly directory: DemoLockable) {}

  lockOut(username: string, at = new Date()): boolean {
    const account = this.directory.lockOut(username);
    if (!account) return false;
    this.lockedAt.set(account.username, at);
    return true;
  }

  async lockedSince(since: Date): Promise<readonly LockedAccount[]> {
    const found: LockedAccount[] = [];
    for (const [username, lockedAt] of this.lockedAt) {
      if (lockedAt < since) continue;
      const account = await this.directory.findByUsername(username);
      if (!account?.locked) continue;
      found.push({
        username,
        lockedAt,
        enabled: account.enabled,
        protected: false,
        ...(account.aadObjectId !== undefined ? { aadObjectId: account.aadObjectId } : {}),
      });
    }
    return found;
  }
}
