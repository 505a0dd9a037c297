import type { Ace } from './securityDescriptor';

/** The Personal-Information property set: by default in AD every user may write it on their own account. */
export const PERSONAL_INFORMATION = '77b5b886-944a-11d1-aebd-0000f80367c1';
/** schemaIDGUID of the `mobile` attribute (a member of Personal-Information). */
export const MOBILE_ATTRIBUTE = 'f0f8ffa3-1191-11d0-a060-00aa006c33ed';

export const PRINCIPAL_SELF = 'S-1-5-10';
const EVERYONE = 'S-1-1-0';
const AUTHENTICATED_USERS = 'S-1-5-11';
const BUILTIN_USERS = 'S-1-5-32-545';
const DOMAIN_USERS_RID = 513;

const ADS_RIGHT_DS_WRITE_PROP = 0x20;
const GENERIC_WRITE = 0x40000000;
const GENERIC_ALL = 0x10000000;

/** An attribute by its schemaIDGUID and the property set it belongs to (attributeSecurityGUID), if any. */
export interface SchemaProperty {
  readonly attribute: string;
  readonly propertySet?: string;
}

export type PropertyWrite =
  | { readonly outcome: 'granted'; readonly sid: string; readonly via: 'attribute' | 'property set' | 'all' }
  | { readonly outcome: 'denied' | 'absent' };

/** The SIDs every employee holds on their own account: themselves (SELF) and the groups all users are in. */
export function everyEmployeeSids(domainSid: string | undefined): Set<string> {
  const sids = new Set([PRINCIPAL_SELF, EVERYONE, AUTHENTICATED_USERS, BUILTIN_USERS]);
  if (domainSid !== undefined) sids.add(`${domainSid}-${DOMAIN_USERS_RID}`);
  return sids;
}

/** `S-1-5-21-a-b-c` from an account's `S-1-5-21-a-b-c-rid`. */
export function domainSidOf(accountSid: string): string {
  return accountSid.replace(/-\d+$/, '');
}

/**
 * Whether `sids` may write `property` on the object, by AD's access check for one right: the DACL's
 * entries in order, the first that speaks about the property (directly, through its property set,
 * or for all properties) decides. Explicit entries come before inherited ones, so an inherited deny
 * from an OU does not outweigh the explicit grant a new account gets from the schema's default.
 */
export function propertyWrite(
  aces: readonly Ace[],
  property: SchemaProperty,
  sids: ReadonlySet<string>,
): PropertyWrite {
  for (const ace of aces) {
    if (ace.inheritOnly || !sids.has(ace.sid)) continue;
    const via = scope(ace, property);
    if (via === undefined) continue;
    return ace.allow ? { outcome: 'granted', sid: ace.sid, via } : { outcome: 'denied' };
  }
  return { outcome: 'absent' };
}

function scope(ace: Ace, property: SchemaProperty): 'attribute' | 'property set' | 'all' | undefined {
  if ((ace.mask & (GENERIC_ALL | GENERIC_WRITE)) !== 0) return 'all';
  if ((ace.mask & ADS_RIGHT_DS_WRITE_PROP) === 0) return undefined;
  if (ace.objectType === undefined) return 'all';
  if (ace.objectType === property.attribute) return 'attribute';
  if (property.propertySet !== undefined && ace.objectType === property.propertySet) return 'property set';
  return undefined;
}

const SDDL_SIDS: Readonly<Record<string, string>> = {
  PS: PRINCIPAL_SELF,
  WD: EVERYONE,
  AU: AUTHENTICATED_USERS,
  BU: BUILTIN_USERS,
};
const SDDL_RIGHTS: Readonly<Record<string, number>> = {
  WP: ADS_RIGHT_DS_WRITE_PROP,
  GW: GENERIC_WRITE,
  GA: GENERIC_ALL,
};
const SDDL_ACE = /\(([A-Z]+);([A-Z]*);([^;]*);([^;]*);([^;]*);([^)]*)\)/g;

/**
 * The DACL of an SDDL string, such as the schema's `defaultSecurityDescriptor` for the user class
 * (what every new account gets), as entries `propertyWrite` can judge. Entry types other than
 * allow/deny (A, OA, D, OD) are skipped; `DU` (Domain Users) needs the domain's SID.
 */
export function sddlDaclEntries(sddl: string, domainSid: string | undefined): Ace[] {
  const dacl = /D:[A-Z]*((?:\([^)]*\))*)/.exec(sddl)?.[1] ?? '';
  const aces: Ace[] = [];
  for (const [, type = '', flags = '', rights = '', objectType = '', , trustee = ''] of dacl.matchAll(
    SDDL_ACE,
  )) {
    if (!['A', 'OA', 'D', 'OD'].includes(type)) continue;
    const sid =
      SDDL_SIDS[trustee] ?? (trustee === 'DU' && domainSid ? `${domainSid}-${DOMAIN_USERS_RID}` : trustee);
    aces.push({
      allow: type.startsWith('O') ? type === 'OA' : type === 'A',
      mask: sddlMask(rights),
      sid,
      inheritOnly: /^(..)*IO/.test(flags),
      ...(objectType !== '' ? { objectType: objectType.toLowerCase() } : {}),
    });
  }
  return aces;
}

function sddlMask(rights: string): number {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number.parseInt(rights, 16);
  let mask = 0;
  for (const right of rights.match(/../g) ?? []) mask |= SDDL_RIGHTS[right] ?? 0;
  return mask;
}
