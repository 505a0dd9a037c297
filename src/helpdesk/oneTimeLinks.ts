import { createHash, randomBytes } from 'node:crypto';

/**
 * Sign-in links for the service-desk view where Entra sign-in is not configured (demo and
 * development only): printed on the operator's terminal, each usable once, within an hour. Kept in
 * this process only, so a restart invalidates them.
 */
export class OneTimeLinks {
  private readonly pending = new Map<string, number>();

  constructor(private readonly ttlMs = 60 * 60_000) {}

  issue(now: Date): string {
    this.forgetExpired(now);
    const token = randomBytes(32).toString('base64url');
    this.pending.set(digest(token), now.getTime() + this.ttlMs);
    return token;
  }

  /** Whether `token` would be accepted now, without spending it (a GET must not change anything). */
  isUsable(token: string, now: Date): boolean {
    this.forgetExpired(now);
    const expires = this.pending.get(digest(token));
    return expires !== undefined && expires > now.getTime();
  }

  /** True once per issued token, before it expires. */
  consume(token: string, now: Date): boolean {
    this.forgetExpired(now);
    const key = digest(token);
    const expires = this.pending.get(key);
    this.pending.delete(key);
    return expires !== undefined && expires > now.getTime();
  }

  private forgetExpired(now: Date): void {
    for (const [key, expires] of this.pending) if (expires <= now.getTime()) this.pending.delete(key);
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
