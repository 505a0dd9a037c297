import type { ExpiringPassword, ExpiryFeed, LockedAccount, LockoutFeed } from '../reset/notices/ports';
import type { CloudSide } from './hybridDirectory';

/**
 * AD's lockouts with their owners' Teams identity: AD reports who is locked (one search); Graph maps
 * each to the Entra object id Teams gives as `aadObjectId` (plain AD has no such attribute in Samba,
 * and often none in AD). One Graph lookup per account locked, none per account watched.
 */
export class HybridLockoutFeed implements LockoutFeed, ExpiryFeed {
  constructor(
    private readonly ad: LockoutFeed & ExpiryFeed,
    private readonly cloud: Pick<CloudSide, 'findByUsername'>,
  ) {}

  async lockedSince(since: Date): Promise<readonly LockedAccount[]> {
    const locked = await this.ad.lockedSince(since);
    return Promise.all(
      locked.map(async (account) => {
        if (account.aadObjectId !== undefined) return account;
        const cloud = await this.cloud.findByUsername(account.username);
        return cloud?.aadObjectId !== undefined ? { ...account, aadObjectId: cloud.aadObjectId } : account;
      }),
    );
  }

  /** AD's expiry times, each mapped to its owner in Entra ID the same way. */
  async expiringBefore(until: Date): Promise<readonly ExpiringPassword[]> {
    const expiring = await this.ad.expiringBefore(until);
    return Promise.all(
      expiring.map(async (account) => {
        if (account.aadObjectId !== undefined) return account;
        const cloud = await this.cloud.findByUsername(account.username);
        return cloud?.aadObjectId !== undefined ? { ...account, aadObjectId: cloud.aadObjectId } : account;
      }),
    );
  }
}
