import type { Account, UnlockResult } from '../reset/account';
import { AccountNotWritableError } from '../reset/errors';
import type { AccountDirectory, AccountRef, Logger } from '../reset/ports';
import { adAccountId, cloudAccountId, parseHybridAccountId } from './accountId';

/** The Graph side: finds users and their SMS method, writes cloud-only accounts. */
export interface CloudSide {
  findByUsername(username: string): Promise<Account | undefined>;
  findByAadObjectId(aadObjectId: string): Promise<Account | undefined>;
  /** The manager of a cloud-only account (by Entra object id). */
  findManager?(account: Pick<Account, 'id'>): Promise<Account | undefined>;
  /** The approver group's enabled members, as Entra ID lists them. */
  findApprovers?(): Promise<readonly Account[]>;
}

/** The AD side: finds synced accounts (and their managers), writes them. */
export type OnPremSide = Pick<AccountDirectory, 'findByUsername' | 'unlock' | 'setPassword' | 'findManager'>;

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
    private readonly ad: OnPremSide,
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

  /**
   * A synced account's manager is the one AD's `manager` names (AD owns the synced identity), mapped to
   * Entra ID like any account so the flow can reach them in Teams; a cloud-only account's is Graph's.
   */
  async findManager(account: AccountRef): Promise<Account | undefined> {
    const id = parseHybridAccountId(account.id);
    if (id?.side === 'ad') {
      const onPrem = await this.ad.findManager?.({ ...account, id: id.objectGuid, source: 'on-premises' });
      return onPrem && this.withCloudSide(onPrem);
    }
    if (id?.side === 'cloud') return this.withAdSide(await this.cloud.findManager?.({ id: id.objectId }));
    return undefined;
  }

  /**
   * The approver group as Entra ID lists it (`APPROVER_GROUP` is its display name or object id there; a
   * group synced from AD keeps its name), each member then read like any account: synced ones from AD.
   */
  async findApprovers(): Promise<readonly Account[]> {
    const members = (await this.cloud.findApprovers?.()) ?? [];
    const accounts = await Promise.all(members.map((member) => this.withAdSide(member)));
    return accounts.filter((account): account is Account => account !== undefined && account.enabled);
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

  /** An AD account with its Entra object id, found by its sAMAccountName as the lockout feed finds one. */
  private async withCloudSide(onPrem: Account): Promise<Account> {
    const adOnly = { ...onPrem, id: adAccountId(onPrem.id) };
    if (onPrem.aadObjectId !== undefined) return adOnly;
    const cloud = await this.cloud.findByUsername(onPrem.username);
    // Only the synced twin: a cloud-only user who happens to have the name is someone else.
    if (cloud?.source === 'on-premises' && cloud.username.toLowerCase() === onPrem.username.toLowerCase())
      return mergeSynced(cloud, onPrem);
    this.log.warn(
      { accountId: onPrem.id },
      'AD account not found in Entra ID; it cannot be reached in Teams',
    );
    return adOnly;
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
