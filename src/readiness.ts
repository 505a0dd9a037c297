import type { Storage } from 'botbuilder';
import { reusedFor, type ReadinessCheck } from './http/readiness';
import type { AccountDirectory, CaseStore } from './reset/ports';

/** A name no account has: the lookup only proves the directory answers. */
const PROBE_USERNAME = 'readyz-probe';
/** The directory's answer is reused this long: every instance is probed, often. */
const DIRECTORY_PROBE_MS = 30_000;

/**
 * What `/readyz` checks, beside the composition root because it spans the stores and the directory.
 * The store: a state read and a one-case query (blob and table on Azure, the file on SQLite). The
 * directory: a lookup of a name no one has (Graph or LDAP, credentials included). The SMS providers
 * have no call that costs nothing (a test message would be sent), so SMS is not checked.
 */
export function readinessChecks(parts: {
  readonly storage: Storage;
  readonly cases: CaseStore;
  readonly directory: AccountDirectory;
}): Record<string, ReadinessCheck> {
  return {
    storage: () => Promise.all([parts.storage.read(['readyz']), parts.cases.list({ limit: 1 })]),
    directory: reusedFor(DIRECTORY_PROBE_MS, () => parts.directory.findByUsername(PROBE_USERNAME)),
  };
}
