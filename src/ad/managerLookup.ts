import { EqualityFilter, NoSuchObjectError, type Client, type Filter } from 'ldapts';
import { errorText } from '../lib/errorText';
import { isGuid } from '../lib/guid';
import type { Account } from '../reset/account';
import type { AccountRef, Logger } from '../reset/ports';
import type { AdAccount, LdapEntry } from './adEntry';
import { anyGroupFilter, enabledMemberFilter, groupFilter, userFilter } from './ldapFilter';
import { bytesFromGuid } from './objectGuid';

export interface AdManagerSettings {
  readonly baseDn: string;
  /** The approver group: its sAMAccountName (found under the base DN) or its full DN (anywhere). */
  readonly approverGroup?: string;
  readonly logger: Logger;
}

/** What the lookup borrows from `ActiveDirectory`: its DC failover and its entry mapping. */
export interface AdReading {
  search<T>(operation: (client: Client) => Promise<T>): Promise<T>;
  toAccount(entry: LdapEntry): AdAccount;
}

/**
 * Who can vouch for an AD account: the user its `manager` attribute names (a DN, read in a second query
 * so ordinary lookups stay as they are), or the enabled members of the approver group, nested groups
 * included. A DN that no longer resolves to a user (deleted, or a contact) is no manager.
 */
export class AdManagerLookup {
  private readonly log: Logger;

  /** `attributes`: what the entry mapping reads (`entryAttributes`). */
  constructor(
    private readonly settings: AdManagerSettings,
    private readonly attributes: readonly string[],
    private readonly ad: AdReading,
  ) {
    this.log = settings.logger.child({ module: 'ad-managers' });
  }

  async managerOf(ref: AccountRef): Promise<Account | undefined> {
    if (!isGuid(ref.id)) return undefined;
    try {
      const entry = await this.ad.search(async (client) => {
        const dn = await this.managerDn(client, ref.id);
        return dn === undefined ? undefined : this.entryAt(client, dn, userFilter(), this.attributes);
      });
      if (entry === undefined) return undefined;
      return this.ad.toAccount(entry).account;
    } catch (error) {
      this.log.warn({ accountId: ref.id, err: errorText(error) }, 'could not read the manager in AD');
      throw error;
    }
  }

  async approvers(): Promise<readonly Account[]> {
    const group = this.settings.approverGroup?.trim();
    if (!group) return [];
    try {
      const entries = await this.ad.search(async (client) => {
        const groupDn = await this.groupDn(client, group);
        if (groupDn === undefined) {
          this.log.warn({ group }, 'the approver group is not in AD (APPROVER_GROUP); no approvers');
          return [];
        }
        const { searchEntries } = await client.search(this.settings.baseDn, {
          scope: 'sub',
          filter: enabledMemberFilter(groupDn),
          attributes: [...this.attributes],
          explicitBufferAttributes: ['objectGUID'],
          paged: { pageSize: 500 },
        });
        return searchEntries;
      });
      // The filter leaves out disabled accounts; the mapping also knows expired ones.
      return entries.map((entry) => this.ad.toAccount(entry).account).filter((account) => account.enabled);
    } catch (error) {
      this.log.warn({ group, err: errorText(error) }, 'could not read the approver group in AD');
      throw error;
    }
  }

  /** The `manager` DN of the account with this objectGUID; `undefined` for none or an account gone. */
  private async managerDn(client: Client, objectGuid: string): Promise<string | undefined> {
    // A filter object, not text: the GUID's bytes are compared as they are (see readForWrite).
    const filter = new EqualityFilter({ attribute: 'objectGUID', value: bytesFromGuid(objectGuid) });
    const { searchEntries } = await client.search(this.settings.baseDn, {
      scope: 'sub',
      filter,
      attributes: ['manager'],
      sizeLimit: 1,
    });
    const raw = searchEntries[0]?.['manager'];
    const dn = Array.isArray(raw) ? raw[0] : raw;
    const text = Buffer.isBuffer(dn) ? dn.toString('utf8') : dn;
    return text === undefined || text.trim() === '' ? undefined : text;
  }

  /** The approver group's DN: given as one (checked to be a group), or found by sAMAccountName. */
  private async groupDn(client: Client, group: string): Promise<string | undefined> {
    if (looksLikeDn(group)) return (await this.entryAt(client, group, anyGroupFilter(), ['objectClass']))?.dn;
    const { searchEntries } = await client.search(this.settings.baseDn, {
      scope: 'sub',
      filter: groupFilter(group),
      attributes: ['objectClass'],
      sizeLimit: 1,
    });
    return searchEntries[0]?.dn;
  }

  /** The entry at `dn` when it matches `filter`; `undefined` when it does not or the DN no longer exists. */
  private async entryAt(
    client: Client,
    dn: string,
    filter: Filter,
    attributes: readonly string[],
  ): Promise<LdapEntry | undefined> {
    try {
      const { searchEntries } = await client.search(dn, {
        scope: 'base',
        filter,
        attributes: [...attributes],
        explicitBufferAttributes: ['objectGUID'],
      });
      return searchEntries[0];
    } catch (error) {
      if (error instanceof NoSuchObjectError) {
        this.log.info({ dn }, 'a DN the directory names no longer exists');
        return undefined;
      }
      throw error;
    }
  }
}

/** `CN=…,OU=…` rather than a sAMAccountName (which may not contain `=` or `,`). */
function looksLikeDn(value: string): boolean {
  return /^[a-z][\w-]*=.+,.+=/i.test(value);
}
