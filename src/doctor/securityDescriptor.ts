import { guidFromBytes } from '../ad/objectGuid';

/** The "Reset Password" extended right (User-Force-Change-Password). */
export const RESET_PASSWORD_RIGHT = '00299570-246d-11d0-a768-00aa006e0529';
const ADS_RIGHT_DS_CONTROL_ACCESS = 0x100;
const GENERIC_ALL = 0x10000000;
const INHERIT_ONLY_ACE = 0x08;
const ACE_OBJECT_TYPE_PRESENT = 0x1;
const ACE_INHERITED_OBJECT_TYPE_PRESENT = 0x2;
/** Everyone, Authenticated Users: held by every bound account. */
export const WELL_KNOWN_SIDS = ['S-1-1-0', 'S-1-5-11'];

export interface Ace {
  readonly allow: boolean;
  readonly mask: number;
  readonly objectType?: string;
  readonly sid: string;
  readonly inheritOnly: boolean;
}

/** `S-1-5-21-…` from the binary SID (revision, count, 48-bit big-endian authority, little-endian sub-authorities). */
export function sidToString(bytes: Buffer, offset = 0): string {
  const count = bytes.readUInt8(offset + 1);
  const authority = bytes.readUIntBE(offset + 2, 6);
  const subs = Array.from({ length: count }, (_, i) => bytes.readUInt32LE(offset + 8 + i * 4));
  return ['S', bytes.readUInt8(offset), authority, ...subs].join('-');
}

/** The DACL's ACEs of a self-relative security descriptor (MS-DTYP 2.4.6); other ACE types are skipped. */
export function daclEntries(descriptor: Buffer): Ace[] {
  const daclOffset = descriptor.readUInt32LE(16);
  if (daclOffset === 0) return [];
  const count = descriptor.readUInt16LE(daclOffset + 4);
  const aces: Ace[] = [];
  let at = daclOffset + 8;
  for (let i = 0; i < count; i += 1) {
    const type = descriptor.readUInt8(at);
    const flags = descriptor.readUInt8(at + 1);
    const size = descriptor.readUInt16LE(at + 2);
    const mask = descriptor.readUInt32LE(at + 4);
    const inheritOnly = (flags & INHERIT_ONLY_ACE) !== 0;
    if (type === 0 || type === 1) {
      aces.push({ allow: type === 0, mask, sid: sidToString(descriptor, at + 8), inheritOnly });
    } else if (type === 5 || type === 6) {
      const objectFlags = descriptor.readUInt32LE(at + 8);
      let next = at + 12;
      let objectType: string | undefined;
      if (objectFlags & ACE_OBJECT_TYPE_PRESENT) {
        objectType = guidFromBytes(descriptor.subarray(next, next + 16));
        next += 16;
      }
      if (objectFlags & ACE_INHERITED_OBJECT_TYPE_PRESENT) next += 16;
      aces.push({
        allow: type === 5,
        mask,
        sid: sidToString(descriptor, next),
        inheritOnly,
        ...(objectType !== undefined ? { objectType } : {}),
      });
    }
    at += size;
  }
  return aces;
}

/**
 * Whether the DACL grants `sids` the Reset Password right on the object itself: a matching deny wins
 * (AD orders deny entries first); inherit-only entries apply to children, not to this object.
 */
export function resetPasswordRight(
  aces: readonly Ace[],
  sids: ReadonlySet<string>,
): 'granted' | 'denied' | 'absent' {
  const applies = (ace: Ace) =>
    !ace.inheritOnly &&
    sids.has(ace.sid) &&
    ((ace.mask & GENERIC_ALL) !== 0 ||
      ((ace.mask & ADS_RIGHT_DS_CONTROL_ACCESS) !== 0 &&
        (ace.objectType === undefined || ace.objectType === RESET_PASSWORD_RIGHT)));
  if (aces.some((ace) => !ace.allow && applies(ace))) return 'denied';
  return aces.some((ace) => ace.allow && applies(ace)) ? 'granted' : 'absent';
}
