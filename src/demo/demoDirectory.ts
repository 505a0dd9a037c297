/** The demo directory over the accounts of a demo directory file (its shape: demoDirectoryFile.ts). */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Account, UnlockResult } from '../reset/account';
import { AccountNotWritableError, PasswordRejectedError, type DirectoryRejection } from '../reset/errors';
import type { AccountDirectory, AccountRef } from '../reset/ports';
import { parseDemoDirectoryFile, readDemoDirectoryFile, type DemoUser } from './demoDirectoryFile';

export { DemoDirectoryFileError, SAMPLE_DIRECTORY_PATH, type DemoDirectoryFile } from './demoDirectoryFile';

/** What AD remembers at most ("Enforce password history"), the current password included. */
const PASSWORD_HISTORY_LENGTH = 24;
/** A safety net under our own password policy, which checks this and more before the directory is asked. */
const MIN_PASSWORD_LENGTH = 8;

interface PasswordHash {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

interface Entry {
  readonly account: Omit<Account, 'locked'>;
  /** The manager's username, lower case. */
  readonly manager?: string;
  locked: boolean;
  /** Oldest first; the last one is the current password once one has been set here. */
  history: readonly PasswordHash[];
}

/** An in-memory directory that behaves like the real ones: lookups, lockout, disabled accounts, history. */
export class DemoDirectory implements AccountDirectory {
  private readonly entries: ReadonlyMap<string, Entry>;
  private readonly pendingWrites = new Map<string, Promise<void>>();

  private constructor(
    entries: readonly Entry[],
    private readonly approvers: readonly string[] = [],
  ) {
    this.entries = new Map(entries.map((entry) => [entry.account.id, entry]));
  }

  /** From data shaped like the demo directory file, e.g. the file's parsed JSON. */
  static async create(data: unknown, source = 'the demo directory data'): Promise<DemoDirectory> {
    const file = parseDemoDirectoryFile(data, source);
    return new DemoDirectory(
      await Promise.all(file.users.map(toEntry)),
      file.approvers.map((username) => username.toLowerCase()),
    );
  }

  findByUsername(username: string): Promise<Account | undefined> {
    const wanted = username.trim().toLowerCase();
    return Promise.resolve(
      this.find(
        ({ account }) => account.username.toLowerCase() === wanted || account.upn.toLowerCase() === wanted,
      ),
    );
  }

  findByAadObjectId(aadObjectId: string): Promise<Account | undefined> {
    const wanted = aadObjectId.trim().toLowerCase();
    return Promise.resolve(this.find(({ account }) => account.aadObjectId?.toLowerCase() === wanted));
  }

  findManager(ref: AccountRef): Promise<Account | undefined> {
    const manager = this.entries.get(ref.id)?.manager;
    return Promise.resolve(
      manager === undefined
        ? undefined
        : this.find(({ account }) => account.username.toLowerCase() === manager),
    );
  }

  /** The file's `approvers` that are enabled, standing in for the approver group. */
  findApprovers(): Promise<readonly Account[]> {
    const approvers = this.approvers
      .map((username) => this.find(({ account }) => account.username.toLowerCase() === username))
      .filter((account): account is Account => account !== undefined && account.enabled);
    return Promise.resolve(approvers);
  }

  unlock(ref: AccountRef): Promise<UnlockResult> {
    return this.write(ref, (entry) => {
      const wasLocked = entry.locked;
      entry.locked = false;
      if (entry.account.source === 'cloud') return 'cloud-lockout-expires-by-itself';
      return wasLocked ? 'unlocked' : 'was-not-locked';
    });
  }

  setPassword(ref: AccountRef, password: string): Promise<void> {
    return this.write(ref, async (entry) => {
      const reasons: DirectoryRejection[] = [];
      if (password.length < MIN_PASSWORD_LENGTH) reasons.push('complexity');
      if (await isInHistory(password, entry.history)) reasons.push('history');
      if (reasons.length > 0) throw new PasswordRejectedError(reasons);
      entry.history = [...entry.history, await hashPassword(password)].slice(-PASSWORD_HISTORY_LENGTH);
      entry.locked = false;
    });
  }

  /** Locks an on-prem account, as AD does after too many wrong passwords (the demo's lockout command). */
  lockOut(username: string): Account | undefined {
    const wanted = username.trim().toLowerCase();
    const entry = [...this.entries.values()].find(({ account }) => account.username.toLowerCase() === wanted);
    if (entry?.account.source !== 'on-premises') return undefined;
    entry.locked = true;
    return this.find((candidate) => candidate === entry);
  }

  private find(matches: (entry: Entry) => boolean): Account | undefined {
    for (const entry of this.entries.values()) {
      if (matches(entry)) return Object.freeze({ ...entry.account, locked: entry.locked });
    }
    return undefined;
  }

  /**
   * Writes to one account run one at a time, as in a directory: otherwise a reset and its duplicate
   * delivery could both pass the history check before either stored the new password.
   */
  private write<T>(ref: AccountRef, change: (entry: Entry) => T | Promise<T>): Promise<T> {
    const previous = this.pendingWrites.get(ref.id) ?? Promise.resolve();
    const result = previous.then(() => change(this.writableEntry(ref)));
    const settled = result.then(ignore, ignore);
    this.pendingWrites.set(ref.id, settled);
    void settled.then(() => {
      if (this.pendingWrites.get(ref.id) === settled) this.pendingWrites.delete(ref.id);
    });
    return result;
  }

  private writableEntry(ref: AccountRef): Entry {
    const entry = this.entries.get(ref.id);
    // E.g. a case stored while another demo file was loaded: retrying cannot bring the account back.
    if (entry === undefined)
      throw new AccountNotWritableError(`account ${ref.username} is not in the directory`);
    if (!entry.account.enabled) throw new AccountNotWritableError(`account ${ref.username} is disabled`);
    return entry;
  }
}

/** Reads, validates and loads a demo directory file; throws `DemoDirectoryFileError` listing every problem. */
export async function loadDemoDirectory(filePath: string): Promise<DemoDirectory> {
  return DemoDirectory.create(await readDemoDirectoryFile(filePath), filePath);
}

async function toEntry(user: DemoUser): Promise<Entry> {
  const history = await Promise.all(user.previousPasswords.slice(-PASSWORD_HISTORY_LENGTH).map(hashPassword));
  return {
    account: {
      id: user.username,
      username: user.username,
      displayName: user.displayName,
      upn: user.upn,
      source: user.synced ? 'on-premises' : 'cloud',
      enabled: user.enabled,
      ...(user.mobile === undefined ? {} : { mobile: user.mobile }),
      ...(user.aadObjectId === undefined ? {} : { aadObjectId: user.aadObjectId }),
      ...(user.department === undefined ? {} : { department: user.department }),
    },
    ...(user.manager === undefined ? {} : { manager: user.manager.toLowerCase() }),
    locked: user.locked,
    history,
  };
}

const HASH_LENGTH = 32;

async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return { salt, hash: await deriveKey(password, salt) };
}

async function isInHistory(password: string, history: readonly PasswordHash[]): Promise<boolean> {
  const matches = await Promise.all(
    history.map(async ({ salt, hash }) => timingSafeEqual(await deriveKey(password, salt), hash)),
  );
  return matches.includes(true);
}

function deriveKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, HASH_LENGTH, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function ignore(): void {}
