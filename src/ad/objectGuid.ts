import { isGuid } from '../lib/guid';

/**
 * AD stores objectGUID as 16 bytes whose first three fields are little-endian; the text form
 * (`5e1d2f3a-…`) that AD tools show reverses them.
 */
export function guidFromBytes(bytes: Buffer): string {
  if (bytes.length !== 16) throw new RangeError(`objectGUID must be 16 bytes, got ${bytes.length}`);
  const hex = (start: number, end: number, reverse: boolean) => {
    const part = [...bytes.subarray(start, end)];
    return (reverse ? part.reverse() : part).map((byte) => byte.toString(16).padStart(2, '0')).join('');
  };
  return [hex(0, 4, true), hex(4, 6, true), hex(6, 8, true), hex(8, 10, false), hex(10, 16, false)].join('-');
}

export function bytesFromGuid(guid: string): Buffer {
  if (!isGuid(guid)) throw new RangeError('not a GUID');
  const hex = guid.replace(/-/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return bytes;
}
