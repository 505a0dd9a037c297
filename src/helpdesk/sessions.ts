import { createHash, randomBytes } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import type { HelpdeskUser } from './entraSignIn';

/** How a session began: an Entra sign-in, or a one-time link (outside production only). */
export type SessionOrigin = 'entra' | 'link';

export interface HelpdeskSession {
  readonly id: string;
  readonly user: HelpdeskUser;
  readonly via: SessionOrigin;
  /** The page's form token (sign-out). */
  readonly csrf: string;
  readonly expiresAt: number;
  /** Entra sessions: from then on the role or group must be confirmed by a new sign-in. */
  readonly recheckAt?: number;
}

/** What a cookie's session id is worth now. */
export type SessionLookup =
  | { readonly state: 'active'; readonly session: HelpdeskSession }
  /** Signed in with Entra more than the re-check interval ago: sign in again (the role may be gone). */
  | { readonly state: 'recheck'; readonly session: HelpdeskSession }
  | { readonly state: 'none' };

export interface HelpdeskSessionsOptions {
  readonly lifetimeMs: number;
  /** At most this long between two checks of the Helpdesk role or group. */
  readonly recheckMs: number;
}

/** The Helpdesk role or group is confirmed at least this often (a new Entra sign-in). */
export const ROLE_RECHECK_MS = 60 * 60_000;

type StoredSession = Omit<HelpdeskSession, 'id'>;

/**
 * Service-desk sessions kept in the bot's own `Storage` (memory, SQLite or Blob: every instance on the
 * same store sees the same sessions). The cookie only names a session; a session that is not here,
 * ended by a sign-out on any instance, or expired, is no session. Records are keyed by a hash of the
 * id, so reading the store does not yield a usable cookie value.
 */
export class HelpdeskSessions {
  constructor(
    private readonly storage: Storage,
    private readonly options: HelpdeskSessionsOptions,
  ) {}

  async start(user: HelpdeskUser, via: SessionOrigin, now: Date): Promise<HelpdeskSession> {
    const id = randomBytes(32).toString('base64url');
    const stored: StoredSession = {
      user,
      via,
      csrf: randomBytes(16).toString('base64url'),
      expiresAt: now.getTime() + this.options.lifetimeMs,
      ...(via === 'entra' ? { recheckAt: now.getTime() + this.options.recheckMs } : {}),
    };
    await this.storage.write({ [storageKey(id)]: { session: stored } });
    return { id, ...stored };
  }

  async find(id: string, now: Date): Promise<SessionLookup> {
    const key = storageKey(id);
    const item = (await this.storage.read([key]))[key] as (StoreItem & { session?: unknown }) | undefined;
    const stored = isStoredSession(item?.session) ? item.session : undefined;
    if (stored === undefined) return { state: 'none' };
    if (stored.expiresAt <= now.getTime()) {
      await this.storage.delete([key]);
      return { state: 'none' };
    }
    const session = { id, ...stored };
    if (stored.recheckAt !== undefined && stored.recheckAt <= now.getTime())
      return { state: 'recheck', session };
    return { state: 'active', session };
  }

  /** Ends the session for every instance on the store. */
  async end(id: string): Promise<void> {
    await this.storage.delete([storageKey(id)]);
  }
}

function storageKey(id: string): string {
  return `helpdesk-session/${createHash('sha256').update(id).digest('base64url')}`;
}

function isStoredSession(value: unknown): value is StoredSession {
  if (value === null || typeof value !== 'object') return false;
  const session = value as Partial<StoredSession>;
  return (
    typeof session.csrf === 'string' &&
    (session.via === 'entra' || session.via === 'link') &&
    typeof session.expiresAt === 'number' &&
    (session.recheckAt === undefined || typeof session.recheckAt === 'number') &&
    typeof session.user?.id === 'string' &&
    typeof session.user.name === 'string'
  );
}
