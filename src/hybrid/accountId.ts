/**
 * Where a hybrid account is written, carried in `Account.id` so a write needs no second lookup:
 * `ad:<objectGUID>` for accounts synced from AD, `cloud:<Entra object id>` for cloud-only ones.
 */
export type HybridAccountId =
  | { readonly side: 'ad'; readonly objectGuid: string }
  | { readonly side: 'cloud'; readonly objectId: string };

export function adAccountId(objectGuid: string): string {
  return `ad:${objectGuid}`;
}

export function cloudAccountId(objectId: string): string {
  return `cloud:${objectId}`;
}

/** `undefined` for anything this directory did not issue (a stale id from another mode, say). */
export function parseHybridAccountId(id: string): HybridAccountId | undefined {
  const match = /^(ad|cloud):(.+)$/.exec(id);
  if (!match?.[2]) return undefined;
  return match[1] === 'ad' ? { side: 'ad', objectGuid: match[2] } : { side: 'cloud', objectId: match[2] };
}
