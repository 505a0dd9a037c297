import type {
  EnrollmentCandidate,
  EnrollmentFeed,
  ExpiringPassword,
  ExpiryFeed,
  LockedAccount,
  LockoutFeed,
} from '../reset/notices/ports';
import { ActiveDirectory } from './activeDirectory';
import { entraObjectId, entryAttributes, fileTimeToDate, type AdAccount, type LdapEntry } from './adEntry';

const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

/** `since` as an AD FILETIME (100 ns ticks since 1601). */
export function dateToFileTime(since: Date): bigint {
  return BigInt(since.getTime()) * 10_000n + FILETIME_UNIX_EPOCH;
}

/**
 * Active Directory that also reports its lockouts: one (paged) search on `lockoutTime`, which AD sets
 * when an account locks, for every account locked at or after a moment. Its cost does not grow with
 * the number of accounts, only with the number locked since the last look.
 */
export class WatchedActiveDirectory
  extends ActiveDirectory
  implements LockoutFeed, ExpiryFeed, EnrollmentFeed
{
  lockedSince(since: Date): Promise<readonly LockedAccount[]> {
    const filter = `(&(objectCategory=person)(objectClass=user)(lockoutTime>=${dateToFileTime(since)}))`;
    return this.withDomainController('search', async (client) => {
      const { searchEntries } = await client.search(this.options.baseDn, {
        scope: 'sub',
        filter,
        attributes: entryAttributes(this.mapping),
        explicitBufferAttributes: ['objectGUID'],
        paged: { pageSize: 500 },
      });
      return searchEntries.flatMap((entry) => this.lockedAccount(entry as LdapEntry));
    });
  }

  /**
   * Enabled accounts whose password can expire, with AD's computed expiry time (a constructed attribute,
   * which no filter can test: one paged read of the accounts, once per reminder check).
   */
  expiringBefore(until: Date): Promise<readonly ExpiringPassword[]> {
    const filter =
      '(&(objectCategory=person)(objectClass=user)' +
      '(!(userAccountControl:1.2.840.113556.1.4.803:=2))(!(userAccountControl:1.2.840.113556.1.4.803:=65536)))';
    const attribute = 'msDS-UserPasswordExpiryTimeComputed';
    return this.withDomainController('search', async (client) => {
      const { searchEntries } = await client.search(this.options.baseDn, {
        scope: 'sub',
        filter,
        attributes: [
          'sAMAccountName',
          attribute,
          ...(this.mapping.aadObjectIdAttribute ? [this.mapping.aadObjectIdAttribute] : []),
        ],
        paged: { pageSize: 500 },
      });
      return searchEntries.flatMap((entry): ExpiringPassword[] => {
        const raw = entry[attribute];
        const username = entry['sAMAccountName'];
        if (typeof raw !== 'string' || !/^\d+$/.test(raw) || typeof username !== 'string') return [];
        const fileTime = BigInt(raw);
        if (fileTime === 0n || fileTime >= 0x7fffffffffffffffn) return [];
        const expiresAt = fileTimeToDate(fileTime);
        if (expiresAt >= until) return [];
        const idAttribute = this.mapping.aadObjectIdAttribute;
        const id = idAttribute
          ? entraObjectId(typeof entry[idAttribute] === 'string' ? entry[idAttribute] : undefined)
          : undefined;
        return [{ username, expiresAt, ...(id !== undefined ? { aadObjectId: id } : {}) }];
      });
    });
  }

  /**
   * Enabled accounts the bot serves whose mobile attribute holds no usable number: one paged read of
   * the enabled accounts per round (a value that is not a phone number cannot be filtered on).
   */
  withoutMobile(): Promise<readonly EnrollmentCandidate[]> {
    const filter =
      '(&(objectCategory=person)(objectClass=user)(!(userAccountControl:1.2.840.113556.1.4.803:=2)))';
    return this.withDomainController('search', async (client) => {
      const { searchEntries } = await client.search(this.options.baseDn, {
        scope: 'sub',
        filter,
        attributes: entryAttributes(this.mapping),
        explicitBufferAttributes: ['objectGUID'],
        paged: { pageSize: 500 },
      });
      return searchEntries.flatMap((entry): EnrollmentCandidate[] => {
        const mapped = this.accountOf(entry);
        if (!mapped) return [];
        const { account } = mapped;
        if (!account.enabled || account.mobile !== undefined) return [];
        if (mapped.protected && !this.options.allowProtected) return [];
        return [{ username: account.username }];
      });
    });
  }

  private lockedAccount(entry: LdapEntry): LockedAccount[] {
    const raw = entry['lockoutTime'];
    const lockoutTime = typeof raw === 'string' && /^\d+$/.test(raw) ? BigInt(raw) : 0n;
    if (lockoutTime === 0n) return [];
    const mapped = this.accountOf(entry);
    if (!mapped) return [];
    const { account } = mapped;
    return [
      {
        username: account.username,
        lockedAt: fileTimeToDate(lockoutTime),
        enabled: account.enabled,
        protected: mapped.protected && !this.options.allowProtected,
        ...(account.aadObjectId !== undefined ? { aadObjectId: account.aadObjectId } : {}),
      },
    ];
  }

  /** An entry without what identifies it (no objectGUID or sAMAccountName) is not anyone's account. */
  private accountOf(entry: LdapEntry): AdAccount | undefined {
    try {
      return this.toAccount(entry);
    } catch {
      return undefined;
    }
  }
}
