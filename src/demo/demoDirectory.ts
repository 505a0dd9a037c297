/**
 * # The demo directory file
 *
 * With no Active Directory or Entra ID configured, the bot finds, unlocks and resets accounts in a JSON
 * file instead. `sample-directory.json` next to this file is the bundled example; a file of your own
 * has the same shape:
 *
 * ```json
 * {
 *   "users": [
 *     {
 *       "username": "anna.svensson",
 *       "displayName": "Anna Svensson",
 *       "upn": "anna.svensson@kommun.example",
 *       "mobile": "+46701740605",
 *       "locked": true,
 *       "synced": true,
 *       "aadObjectId": "6f1c2b9e-3d4a-4c1b-9a7e-2f5d8c0b1a01",
 *       "enabled": true,
 *       "previousPasswords": ["Vinter2023", "Sommar2024"]
 *     }
 *   ]
 * }
 * ```
 *
 * | Field | Required | Meaning |
 * |---|---|---|
 * | `username` | yes | what the employee types (sAMAccountName): 1–20 characters, no spaces nor `"/\[]:;\|=,+*?<>@` |
 * | `displayName` | yes | the name shown in the conversation |
 * | `upn` | yes | user principal name, `name@domain`; also accepted as the username |
 * | `mobile` | no | E.164 number the code is sent to (`+46701740605`); without it the user is sent to the service desk |
 * | `locked` | yes | whether the account is locked out now |
 * | `synced` | yes | `true`: synced from on-prem AD (unlocked there); `false`: cloud-only, whose lockout expires by itself |
 * | `aadObjectId` | no | the Entra object id (a GUID) of the user's Teams identity, so the bot can offer "my account" |
 * | `enabled` | no | `false` for a disabled account, which cannot be unlocked or reset; default `true` |
 * | `previousPasswords` | no | earlier passwords, oldest first, that the password history refuses |
 *
 * Usernames, UPNs and `aadObjectId`s must be unique (compared case-insensitively) and unknown fields are
 * refused, so a typo such as `"mobil"` is reported instead of silently leaving the user without a phone.
 * A file with problems keeps the bot from starting, with one message listing each problem by its JSON path.
 * The previous passwords are only kept as salted scrypt hashes, like the 24 that AD remembers.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { isGuid } from '../lib/guid';
import { toPhoneNumber, type Account, type UnlockResult } from '../reset/account';
import { AccountNotWritableError, PasswordRejectedError, type DirectoryRejection } from '../reset/errors';
import type { AccountDirectory, AccountRef } from '../reset/ports';

export const SAMPLE_DIRECTORY_PATH = path.join(__dirname, 'sample-directory.json');

/** What AD remembers at most ("Enforce password history"), the current password included. */
const PASSWORD_HISTORY_LENGTH = 24;
/** A safety net under our own password policy, which checks this and more before the directory is asked. */
const MIN_PASSWORD_LENGTH = 8;

const SAM_ACCOUNT_NAME = /^[^\s"/\\[\]:;|=,+*?<>@]{1,20}$/;
const USER_PRINCIPAL_NAME = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const userSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(SAM_ACCOUNT_NAME, 'not a username (1–20 characters, no spaces nor "/\\[]:;|=,+*?<>@)'),
    displayName: z.string().trim().min(1, 'must not be empty'),
    upn: z.string().trim().regex(USER_PRINCIPAL_NAME, 'not a user principal name (name@domain)'),
    mobile: z
      .string()
      .transform((value, ctx) => {
        const phone = toPhoneNumber(value);
        if (phone === undefined) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'not an E.164 number' });
          return z.NEVER;
        }
        return phone;
      })
      .optional(),
    locked: z.boolean(),
    synced: z.boolean(),
    aadObjectId: z.string().trim().refine(isGuid, 'not a GUID').optional(),
    enabled: z.boolean().default(true),
    previousPasswords: z.array(z.string().min(1, 'must not be empty')).default([]),
  })
  .strict();

const fileSchema = z.object({ users: z.array(userSchema) }).strict();

/** The demo directory file as written (see the top of this file). */
export type DemoDirectoryFile = z.input<typeof fileSchema>;
type DemoUser = z.output<typeof userSchema>;

/** The file cannot be used; `problems` holds one line per problem, each starting with its JSON path. */
export class DemoDirectoryFileError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(
      `${source} is not a usable demo directory:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      options,
    );
    this.name = 'DemoDirectoryFileError';
  }
}

interface PasswordHash {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

interface Entry {
  readonly account: Omit<Account, 'locked'>;
  locked: boolean;
  /** Oldest first; the last one is the current password once one has been set here. */
  history: readonly PasswordHash[];
}

/** An in-memory directory that behaves like the real ones: lookups, lockout, disabled accounts, history. */
export class DemoDirectory implements AccountDirectory {
  private readonly entries: ReadonlyMap<string, Entry>;
  private readonly pendingWrites = new Map<string, Promise<void>>();

  private constructor(entries: readonly Entry[]) {
    this.entries = new Map(entries.map((entry) => [entry.account.id, entry]));
  }

  /** From data shaped like the demo directory file, e.g. the file's parsed JSON. */
  static async create(data: unknown, source = 'the demo directory data'): Promise<DemoDirectory> {
    const file = parseDemoDirectoryFile(data, source);
    return new DemoDirectory(await Promise.all(file.users.map(toEntry)));
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
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new DemoDirectoryFileError(filePath, [`cannot be read (${errorCode(error)})`], { cause: error });
  }
  let data: unknown;
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse refuses.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    // The parser's message can quote the text around the error, passwords included: keep only the position.
    throw new DemoDirectoryFileError(filePath, [`not valid JSON${jsonErrorPosition(error, text)}`]);
  }
  return DemoDirectory.create(data, filePath);
}

function parseDemoDirectoryFile(data: unknown, source: string): z.output<typeof fileSchema> {
  const result = fileSchema.safeParse(data);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`)),
    ...duplicateProblems(data),
  ];
  if (!result.success || problems.length > 0) throw new DemoDirectoryFileError(source, problems);
  return result.data;
}

/** Checked on the raw data so that duplicates are reported together with every other problem. */
function duplicateProblems(data: unknown): string[] {
  const users: unknown[] = isRecord(data) && Array.isArray(data.users) ? data.users : [];
  const problems: string[] = [];
  for (const field of ['username', 'upn', 'aadObjectId'] as const) {
    const firstIndexOf = new Map<string, number>();
    users.forEach((user, index) => {
      const value = isRecord(user) ? user[field] : undefined;
      if (typeof value !== 'string' || value.trim() === '') return;
      const key = value.trim().toLowerCase();
      const first = firstIndexOf.get(key);
      if (first === undefined) firstIndexOf.set(key, index);
      else problems.push(`users[${index}].${field}: "${value.trim()}" is already used by users[${first}]`);
    });
  }
  return problems;
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
    },
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

function jsonPath(segments: readonly (string | number)[]): string {
  const joined = segments.reduce<string>(
    (out, segment) =>
      typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment,
    '',
  );
  return joined || '(top level)';
}

function jsonErrorPosition(error: unknown, text: string): string {
  const position = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  if (position === undefined) return '';
  const before = text
    .replace(/^\uFEFF/, '')
    .slice(0, Number(position))
    .split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function errorCode(error: unknown): string {
  const code: unknown = isRecord(error) ? error.code : undefined;
  return typeof code === 'string' ? code : 'unknown error';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function ignore(): void {}
