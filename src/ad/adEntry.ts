import { isGuid } from '../lib/guid';
import { toE164 } from '../lib/phoneNumber';
import { toPhoneNumber, type Account } from '../reset/account';
import { guidFromBytes } from './objectGuid';

/** A search entry as ldapts returns it: strings, except the attributes asked for as buffers. */
export type LdapEntry = { dn: string } & Record<string, Buffer | Buffer[] | string[] | string>;

const UF_ACCOUNTDISABLE = 0x2;
/** Set in `msDS-User-Account-Control-Computed` while the lockout is in force (it expires by itself). */
const UF_LOCKOUT = 0x10;
/** `accountExpires` values meaning "never" (0 and the largest FILETIME). */
const NEVER = new Set([0n, 0x7fffffffffffffffn]);
const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

export interface EntryMapping {
  readonly mobileAttribute: string;
  readonly aadObjectIdAttribute?: string;
  readonly defaultRegion: string;
  readonly now: Date;
}

/** What the adapter knows about an AD account beyond the domain's `Account`. */
export interface AdAccount {
  readonly account: Account;
  readonly dn: string;
  /** adminCount=1: a member (now or once) of a protected group such as Domain Admins. */
  readonly protected: boolean;
  /** Raw `lockoutTime` is set: worth writing 0 even when the computed lockout has already expired. */
  readonly lockoutTimeSet: boolean;
  /** The mobile attribute had a value that is not a phone number (logged, never shown). */
  readonly unusableMobile: boolean;
}

/** The attributes `toAdAccount` reads, for the search request. */
export function entryAttributes(mapping: Pick<EntryMapping, 'mobileAttribute' | 'aadObjectIdAttribute'>) {
  return [
    'objectGUID',
    'sAMAccountName',
    'userPrincipalName',
    'displayName',
    'userAccountControl',
    'msDS-User-Account-Control-Computed',
    'lockoutTime',
    'accountExpires',
    'adminCount',
    mapping.mobileAttribute,
    ...(mapping.aadObjectIdAttribute ? [mapping.aadObjectIdAttribute] : []),
  ];
}

/** Translates a user entry into the domain's account; throws when the entry lacks what identifies it. */
export function toAdAccount(entry: LdapEntry, mapping: EntryMapping): AdAccount {
  const guid = entry['objectGUID'];
  if (!Buffer.isBuffer(guid)) throw new Error(`entry ${entry.dn} has no binary objectGUID`);
  const username = text(entry, 'sAMAccountName');
  if (username === undefined) throw new Error(`entry ${entry.dn} has no sAMAccountName`);

  const uac = integer(entry, 'userAccountControl') ?? 0n;
  const computed = integer(entry, 'msDS-User-Account-Control-Computed');
  const lockoutTime = integer(entry, 'lockoutTime') ?? 0n;
  // The computed flag knows the lockout duration; a DC that does not return it leaves only lockoutTime.
  const locked = computed !== undefined ? (computed & BigInt(UF_LOCKOUT)) !== 0n : lockoutTime > 0n;
  const disabled = (uac & BigInt(UF_ACCOUNTDISABLE)) !== 0n;
  const expires = integer(entry, 'accountExpires') ?? 0n;
  const expired = !NEVER.has(expires) && fileTimeToDate(expires) <= mapping.now;

  const rawMobile = text(entry, mapping.mobileAttribute);
  const e164 = rawMobile === undefined ? undefined : toE164(rawMobile, mapping.defaultRegion);
  const mobile = e164 === undefined ? undefined : toPhoneNumber(e164);
  const aadObjectId = mapping.aadObjectIdAttribute
    ? entraObjectId(text(entry, mapping.aadObjectIdAttribute))
    : undefined;
  const upn = text(entry, 'userPrincipalName');

  return {
    account: {
      id: guidFromBytes(guid),
      username,
      displayName: text(entry, 'displayName') ?? username,
      upn: upn ?? username,
      source: 'on-premises',
      enabled: !disabled && !expired,
      locked,
      ...(mobile ? { mobile } : {}),
      ...(aadObjectId ? { aadObjectId } : {}),
    },
    dn: entry.dn,
    protected: integer(entry, 'adminCount') === 1n,
    lockoutTimeSet: lockoutTime > 0n,
    unusableMobile: rawMobile !== undefined && mobile === undefined,
  };
}

/** Entra Connect writes `User_<object id>` to msDS-ExternalDirectoryObjectId; other attributes hold the bare GUID. */
export function entraObjectId(value: string | undefined): string | undefined {
  const guid = value?.trim().replace(/^User_/i, '');
  return guid !== undefined && isGuid(guid) ? guid.toLowerCase() : undefined;
}

export function fileTimeToDate(fileTime: bigint): Date {
  return new Date(Number((fileTime - FILETIME_UNIX_EPOCH) / 10_000n));
}

/** Attribute names are case-insensitive in LDAP; the configured mobile attribute may be spelt `Mobile`. */
function value(entry: LdapEntry, name: string): Buffer | Buffer[] | string[] | string | undefined {
  const wanted = name.toLowerCase();
  const key = Object.keys(entry).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : entry[key];
}

function text(entry: LdapEntry, name: string): string | undefined {
  const raw = value(entry, name);
  const first = Array.isArray(raw) ? raw[0] : raw;
  const result = Buffer.isBuffer(first) ? first.toString('utf8') : first;
  return result === undefined || result.trim() === '' ? undefined : result;
}

function integer(entry: LdapEntry, name: string): bigint | undefined {
  const raw = text(entry, name);
  return raw !== undefined && /^-?\d+$/.test(raw.trim()) ? BigInt(raw.trim()) : undefined;
}
