// Longer than 300 lines: one class, since every read and write shares its DC failover; the manager and
// approver lookups it offers live in managerLookup.ts.
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Attribute, Change, Client, EqualityFilter, SizeLimitExceededError, type Filter } from 'ldapts';
import { errorText } from '../lib/errorText';
import { isGuid } from '../lib/guid';
import { DEFAULT_REGION } from '../lib/phoneNumber';
import type { Account, UnlockResult } from '../reset/account';
import { AccountNotWritableError, DirectoryUnavailableError } from '../reset/errors';
import { systemClock, type AccountDirectory, type AccountRef, type Clock, type Logger } from '../reset/ports';
import { toAdAccount, entryAttributes, type AdAccount, type EntryMapping, type LdapEntry } from './adEntry';
import { bindFailed, isUnreachable, writeFailed, type WriteKind } from './adErrors';
import { AdManagerLookup } from './managerLookup';
import { accountFilter, attributeFilter } from './ldapFilter';
import { bytesFromGuid } from './objectGuid';
import { PolicyHintsControl } from './policyHintsControl';

export interface ActiveDirectoryOptions {
  /** Domain controllers in the order to try them: `ldaps://` or `ldap://` (which then always uses StartTLS). */
  readonly urls: readonly string[];
  readonly baseDn: string;
  readonly bindDn: string;
  readonly bindPassword: string;
  /** PEM of the CA that issued the DCs' certificates; the system's trusted CAs when absent. */
  readonly ca?: string | Buffer;
  /** Per DC: connecting (TLS included) and each operation. Worst case for a turn: urls × this. */
  readonly timeoutMs: number;
  /** Send the policy-hints control (critical) so AD applies password history to the reset. */
  readonly enforceHistory: boolean;
  /** Refuse to touch accounts with adminCount=1 unless this is set. */
  readonly allowProtected: boolean;
  readonly mobileAttribute?: string;
  /** Attribute holding the Entra object id (e.g. msDS-ExternalDirectoryObjectId); none in plain AD. */
  readonly aadObjectIdAttribute?: string;
  readonly defaultRegion?: string;
  /** Who vouches for accounts without a manager: a group's sAMAccountName (under baseDn) or its DN. */
  readonly approverGroup?: string;
  readonly logger: Logger;
  readonly clock?: Clock;
}

/** Longest username looked up: a UPN is at most 1024 characters in AD, but no one types that. */
const MAX_USERNAME_LENGTH = 256;
const EXTERNAL_DIRECTORY_OBJECT_ID = 'msds-externaldirectoryobjectid';

/** The step a DC attempt is in: until a write has been sent, another DC may be tried. */
interface Attempt {
  writing: boolean;
}

/** On-prem Active Directory over LDAPS: finds accounts, unlocks them and resets passwords. */
export class ActiveDirectory implements AccountDirectory {
  private readonly log: Logger;
  protected readonly mapping: Omit<EntryMapping, 'now'>;
  protected readonly clock: Clock;
  private readonly managers: AdManagerLookup;

  constructor(protected readonly options: ActiveDirectoryOptions) {
    if (options.urls.length === 0)
      throw new Error('ActiveDirectory needs at least one domain controller URL');
    for (const url of options.urls) {
      const protocol = new URL(url).protocol;
      // Passwords and binds only ever travel encrypted: ldap:// is accepted only because StartTLS follows.
      if (protocol !== 'ldaps:' && protocol !== 'ldap:')
        throw new Error(`${url}: not an ldaps:// or ldap:// URL`);
    }
    this.log = options.logger.child({ module: 'ad' });
    this.clock = options.clock ?? systemClock;
    this.mapping = {
      mobileAttribute: options.mobileAttribute ?? 'mobile',
      defaultRegion: options.defaultRegion ?? DEFAULT_REGION,
      ...(options.aadObjectIdAttribute ? { aadObjectIdAttribute: options.aadObjectIdAttribute } : {}),
    };
    this.managers = new AdManagerLookup(options, entryAttributes(this.mapping), {
      search: (operation) => this.withDomainController('search', operation),
      toAccount: (entry) => this.toAccount(entry),
    });
  }

  findManager(ref: AccountRef): Promise<Account | undefined> {
    return this.managers.managerOf(ref);
  }

  findApprovers(): Promise<readonly Account[]> {
    return this.managers.approvers();
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    const wanted = username.trim();
    if (wanted === '' || wanted.length > MAX_USERNAME_LENGTH) return undefined;
    const found = await this.findOne(accountFilter(wanted));
    return found?.account;
  }

  async findByAadObjectId(aadObjectId: string): Promise<Account | undefined> {
    const attribute = this.options.aadObjectIdAttribute;
    if (attribute === undefined || !isGuid(aadObjectId.trim())) return undefined;
    const id = aadObjectId.trim().toLowerCase();
    const value = attribute.toLowerCase() === EXTERNAL_DIRECTORY_OBJECT_ID ? `User_${id}` : id;
    const found = await this.findOne(attributeFilter(attribute, value));
    return found?.account;
  }

  unlock(ref: AccountRef): Promise<UnlockResult> {
    return this.withDomainController('unlock', async (client, url, attempt) => {
      const current = await this.readForWrite(client, ref);
      if (!current.account.locked && !current.lockoutTimeSet) return 'was-not-locked';
      attempt.writing = true;
      try {
        await client.modify(current.dn, lockoutTimeZero());
      } catch (error) {
        throw writeFailed(url, 'unlock', error);
      }
      this.log.info({ accountId: ref.id, url }, 'account unlocked');
      return current.account.locked ? 'unlocked' : 'was-not-locked';
    });
  }

  setPassword(ref: AccountRef, password: string): Promise<void> {
    return this.withDomainController('reset', async (client, url, attempt) => {
      const current = await this.readForWrite(client, ref);
      // One modify request, so AD applies the password and the unlock together or not at all.
      const changes = [
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'unicodePwd', values: [encodePassword(password)] }),
        }),
        ...(current.lockoutTimeSet ? [lockoutTimeZero()] : []),
      ];
      attempt.writing = true;
      try {
        await client.modify(
          current.dn,
          changes,
          this.options.enforceHistory ? [new PolicyHintsControl()] : [],
        );
      } catch (error) {
        throw writeFailed(url, 'reset', error);
      }
      this.log.info(
        { accountId: ref.id, url, historyEnforced: this.options.enforceHistory },
        'password reset and account unlocked',
      );
    });
  }

  private async findOne(filter: Filter): Promise<AdAccount | undefined> {
    const found = await this.withDomainController('search', (client) => this.search(client, filter));
    if (found === 'several') {
      // Which of them the employee meant cannot be known; acting on either could lock out someone else.
      this.log.warn({}, 'username matches several accounts; treated as unknown');
      return undefined;
    }
    return found === undefined ? undefined : this.toAccount(found);
  }

  /** The one entry matching `filter`, `undefined` for none, or `'several'`. */
  private async search(client: Client, filter: Filter): Promise<LdapEntry | 'several' | undefined> {
    let entries: LdapEntry[];
    try {
      const result = await client.search(this.options.baseDn, {
        scope: 'sub',
        filter,
        attributes: entryAttributes(this.mapping),
        explicitBufferAttributes: ['objectGUID'],
        // Two are enough to tell "exactly one" from "several".
        sizeLimit: 2,
      });
      entries = result.searchEntries;
    } catch (error) {
      if (error instanceof SizeLimitExceededError) return 'several';
      throw error;
    }
    return entries.length > 1 ? 'several' : entries[0];
  }

  protected toAccount(entry: LdapEntry): AdAccount {
    let mapped: AdAccount;
    try {
      mapped = toAdAccount(entry, { ...this.mapping, now: this.clock.now() });
    } catch (error) {
      throw new DirectoryUnavailableError(`unexpected directory entry: ${errorText(error)}`, {
        cause: error,
      });
    }
    if (mapped.unusableMobile) {
      this.log.warn(
        { accountId: mapped.account.id, attribute: this.mapping.mobileAttribute },
        'the mobile attribute is not a valid phone number; treated as no number',
      );
    }
    return mapped;
  }

  /** The account as it is now on this DC, refused when this service may not change it. */
  private async readForWrite(client: Client, ref: AccountRef): Promise<AdAccount> {
    if (!isGuid(ref.id))
      throw new AccountNotWritableError(`${ref.username}: not an Active Directory account id`);
    // A filter object, not text: ldapts' filter parser turns `\xx` escapes above 0x7f into UTF-8.
    const filter = new EqualityFilter({ attribute: 'objectGUID', value: bytesFromGuid(ref.id) });
    const entry = await this.search(client, filter);
    if (entry === undefined || entry === 'several')
      throw new AccountNotWritableError(`account ${ref.username} is no longer in the directory`);
    const current = this.toAccount(entry);
    if (!current.account.enabled)
      throw new AccountNotWritableError(`account ${ref.username} is disabled or expired`);
    if (current.protected && !this.options.allowProtected) {
      throw new AccountNotWritableError(
        `account ${ref.username} is protected (adminCount=1, a privileged group member); set AD_ALLOW_PROTECTED=true to serve such accounts`,
      );
    }
    return current;
  }

  /**
   * Runs `operation` on the first DC that connects and binds. A DC that cannot be reached is skipped;
   * once a write has been sent it is not repeated elsewhere, since it may have been applied.
   */
  protected async withDomainController<T>(
    purpose: 'search' | WriteKind,
    operation: (client: Client, url: string, attempt: Attempt) => Promise<T>,
  ): Promise<T> {
    const failures: string[] = [];
    for (const url of this.options.urls) {
      const client = new Client({
        url,
        timeout: this.options.timeoutMs,
        connectTimeout: this.options.timeoutMs,
        // ldapts speaks TLS from the first byte whenever tlsOptions are given: for ldap:// they go to StartTLS.
        ...(url.startsWith('ldaps:') ? { tlsOptions: this.tlsOptions() } : {}),
      });
      const attempt: Attempt = { writing: false };
      try {
        try {
          await this.connect(client, url);
        } catch (error) {
          if (!isUnreachable(error)) throw bindFailed(url, error);
          failures.push(`${url}: ${errorText(error)}`);
          this.log.warn(
            { url, purpose, err: errorText(error) },
            'domain controller unreachable; trying the next',
          );
          continue;
        }
        try {
          return await operation(client, url, attempt);
        } catch (error) {
          if (attempt.writing || !isUnreachable(error)) throw writeOrReadFailed(url, purpose, error);
          failures.push(`${url}: ${errorText(error)}`);
          this.log.warn({ url, purpose, err: errorText(error) }, 'domain controller failed; trying the next');
        }
      } finally {
        await this.close(client, url);
      }
    }
    throw new DirectoryUnavailableError(`no domain controller answered (${failures.join('; ')})`);
  }

  private async connect(client: Client, url: string): Promise<void> {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'ldap:') {
      const host = hostname.replace(/^\[|\]$/g, '');
      // ldapts does not time the StartTLS handshake; a DC that stalls in it must not hold the turn.
      await withTimeout(
        client.startTLS({ ...this.tlsOptions(), host, ...(isIP(host) ? {} : { servername: host }) }),
        this.options.timeoutMs,
        'StartTLS',
      );
    }
    await client.bind(this.options.bindDn, this.options.bindPassword);
  }

  private tlsOptions(): ConnectionOptions {
    return { minVersion: 'TLSv1.2', ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}) };
  }

  private async close(client: Client, url: string): Promise<void> {
    try {
      await withTimeout(client.unbind(), this.options.timeoutMs, 'unbind');
    } catch (error) {
      this.log.debug({ url, err: errorText(error) }, 'unbind failed');
    }
  }
}

function writeOrReadFailed(url: string, purpose: 'search' | WriteKind, error: unknown) {
  if (purpose !== 'search') return writeFailed(url, purpose, error);
  if (error instanceof DirectoryUnavailableError || error instanceof AccountNotWritableError) return error;
  return new DirectoryUnavailableError(`${url}: search failed (${errorText(error)})`, {
    cause: error,
  });
}

function lockoutTimeZero(): Change {
  return new Change({
    operation: 'replace',
    modification: new Attribute({ type: 'lockoutTime', values: ['0'] }),
  });
}

/** AD takes a new password as the UTF-16LE bytes of the password in double quotes. */
export function encodePassword(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
