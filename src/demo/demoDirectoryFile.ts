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
 * | `department` | no | shown to the manager asked to confirm it is the user |
 * | `manager` | no | the username of the user's manager, who may confirm in Teams that it is them when they have no `mobile` |
 *
 * Next to `users`, an optional `"approvers": ["username", …]` plays the approver group (`APPROVER_GROUP`):
 * they may confirm for users without a `manager`.
 *
 * Usernames, UPNs and `aadObjectId`s must be unique (compared case-insensitively), a `manager` or approver
 * must be a username in the file, and unknown fields are
 * refused, so a typo such as `"mobil"` is reported instead of silently leaving the user without a phone.
 * A file with problems keeps the bot from starting, with one message listing each problem by its JSON path.
 * The previous passwords are only kept as salted scrypt hashes, like the 24 that AD remembers
 * (demoDirectory.ts, which behaves like a directory over what this file holds).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';
import { isGuid } from '../lib/guid';
import { toPhoneNumber } from '../reset/account';

export const SAMPLE_DIRECTORY_PATH = path.join(__dirname, 'sample-directory.json');

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
    department: z.string().trim().min(1, 'must not be empty').optional(),
    manager: z.string().trim().min(1, 'must not be empty').optional(),
  })
  .strict();

const fileSchema = z
  .object({
    users: z.array(userSchema),
    approvers: z.array(z.string().trim().min(1, 'must not be empty')).default([]),
  })
  .strict();

/** The demo directory file as written (see the top of this file). */
export type DemoDirectoryFile = z.input<typeof fileSchema>;
export type DemoUser = z.output<typeof userSchema>;

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

/** A demo directory file's JSON, not yet validated; throws `DemoDirectoryFileError` when it cannot be read. */
export async function readDemoDirectoryFile(filePath: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    throw new DemoDirectoryFileError(filePath, [`cannot be read (${errorCode(error)})`], { cause: error });
  }
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse refuses.
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (error) {
    // The parser's message can quote the text around the error, passwords included: keep only the position.
    throw new DemoDirectoryFileError(filePath, [`not valid JSON${jsonErrorPosition(error, text)}`]);
  }
}

/** The users in data shaped like the file; throws `DemoDirectoryFileError` listing every problem. */
export function parseDemoDirectoryFile(data: unknown, source: string): z.output<typeof fileSchema> {
  const result = fileSchema.safeParse(data);
  const problems = [
    ...(result.success
      ? []
      : result.error.issues.map((issue) => `${jsonPath(issue.path)}: ${issue.message}`)),
    ...duplicateProblems(data),
  ];
  if (result.success) problems.push(...referenceProblems(result.data));
  if (!result.success || problems.length > 0) throw new DemoDirectoryFileError(source, problems);
  return result.data;
}

/** A `manager` or approver must name a user in the file, and nobody manages themselves. */
function referenceProblems(file: z.output<typeof fileSchema>): string[] {
  const usernames = new Set(file.users.map((user) => user.username.toLowerCase()));
  const problems: string[] = [];
  file.users.forEach((user, index) => {
    if (user.manager === undefined) return;
    const manager = user.manager.toLowerCase();
    if (!usernames.has(manager))
      problems.push(`users[${index}].manager: "${user.manager}" is not a username in the file`);
    else if (manager === user.username.toLowerCase())
      problems.push(`users[${index}].manager: a user cannot be their own manager`);
  });
  file.approvers.forEach((approver, index) => {
    if (!usernames.has(approver.toLowerCase()))
      problems.push(`approvers[${index}]: "${approver}" is not a username in the file`);
  });
  return problems;
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
