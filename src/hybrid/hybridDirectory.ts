import type { Account, UnlockResult } from '../reset/account';
import { AccountNotWritableError } from '../reset/errors';
import type { AccountDirectory, AccountRef, Logger } from '../reset/ports';
import { adAccountId, cloudAccountId, parseHybridAccountId } from './accountId';

/** The Graph side: finds users and their SMS method, writes cloud-only accounts. */
export interface CloudSide {
  findByUsername(username: string): Promise<Account | undefined>;
  findByAadObjectId(aadObjectId: string): Promise<Account | undefined>;
}

/**
 * The municipality's directory as it is (`DIRECTORY=hybrid`): Microsoft Graph finds the account and its
 * SMS method; accounts synced from AD are unlocked and reset in AD over LDAPS (a Graph password change
 * is not written back, and Graph can neither unlock nor report AD's lockout), cloud-only accounts
 * through Graph. Per reset: one Graph lookup (user + phone methods), one AD read for synced accounts,
 * one write.
 */
export class HybridDirectory implements AccountDirectory {
  private readonly log: Logger;

  constructor(
    private readonly cloud: CloudSide,
    private readonly cloudWriter: Pick<AccountDirectory, 'unlock' | 'setPassword'>,
    private readonly ad: Pick<AccountDirectory, 'findByUsername' | 'unlock' | 'setPassword'>,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'hybrid-directory' });
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    return this.withAdSide(await this.cloud.findByUsername(username));
  }

  async findByAadObjectId(aadObjectId: string): Promise<Account | undefined> {
    return this.withAdSide(await this.cloud.findByAadObjectId(aadObjectId));
  }

  unlock(account: AccountRef): Promise<UnlockResult> {
    const id = parseHybridAccountId(account.id);
    if (id?.side === 'ad') return this.ad.unlock({ ...account, id: id.objectGuid, source: 'on-premises' });
    if (id?.side === 'cloud')
      return this.cloudWriter.unlock({ ...account, id: id.objectId, source: 'cloud' });
    return Promise.reject(notHybrid(account));
  }

  setPassword(account: AccountRef, password: string): Promise<void> {
    const id = parseHybridAccountId(account.id);
    if (id?.side === 'ad')
      return this.ad.setPassword({ ...account, id: id.objectGuid, source: 'on-premises' }, password);
    if (id?.side === 'cloud')
      return this.cloudWriter.setPassword({ ...account, id: id.objectId, source: 'cloud' }, password);
    return Promise.reject(notHybrid(account));
  }

  /** Cloud-only accounts as Graph sees them; synced ones with AD's identity, state and lockout. */
  private async withAdSide(cloud: Account | undefined): Promise<Account | undefined> {
    if (!cloud) return undefined;
    if (cloud.source === 'cloud') return { ...cloud, id: cloudAccountId(cloud.id) };
    // The synced identity: onPremisesSamAccountName (Graph's username) or, lacking it, the UPN.
    const onPrem = await this.ad.findByUsername(cloud.username);
    if (!onPrem) {
      // Synced but not under AD_BASE_DN (or renamed since the last sync): nothing can be written.
      this.log.warn({ userId: cloud.aadObjectId }, 'synced account not found in AD under AD_BASE_DN');
      return undefined;
    }
    return mergeSynced(cloud, onPrem);
  }
}

/** AD owns a synced account's identity, enabled and lockout state; Graph owns the SMS method. */
export function mergeSynced(cloud: Account, onPrem: Account): Account {
  return {
    id: adAccountId(onPrem.id),
    username: onPrem.username,
    displayName: cloud.displayName,
    upn: cloud.upn,
    source: 'on-premises',
    enabled: onPrem.enabled,
    locked: onPrem.locked,
    ...(cloud.mobile ? { mobile: cloud.mobile } : {}),
    ...(cloud.aadObjectId !== undefined ? { aadObjectId: cloud.aadObjectId } : {}),
  };
}

function notHybrid(account: AccountRef): AccountNotWritableError {
  return new AccountNotWritableError(`${account.username}: not an account id of the hybrid directory`);
}
