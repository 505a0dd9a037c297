import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Values the browser keeps but cannot change: `base64url(json).base64url(hmac)`. Signed, not
 * encrypted, so they never hold a secret; each carries its own expiry and purpose.
 */
export class CookieSigner {
  constructor(private readonly secret: string) {}

  sign(purpose: string, value: object, expiresAt: Date): string {
    const payload = Buffer.from(JSON.stringify({ p: purpose, e: expiresAt.getTime(), v: value })).toString(
      'base64url',
    );
    return `${payload}.${this.mac(payload)}`;
  }

  /** The value, or `undefined` when forged, expired, or signed for another purpose. */
  verify(purpose: string, signed: string | undefined, now: Date): unknown {
    if (signed === undefined || signed.length > 8192) return undefined;
    const [payload, mac, extra] = signed.split('.');
    if (payload === undefined || mac === undefined || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(payload));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
        p?: unknown;
        e?: unknown;
        v?: unknown;
      };
      if (parsed.p !== purpose || typeof parsed.e !== 'number' || parsed.e <= now.getTime()) return undefined;
      return parsed.v;
    } catch {
      return undefined;
    }
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.secret).update(payload).digest('base64url');
  }
}

/** The cookies of a request, by name; the first wins, malformed pairs are skipped. */
export function readCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(index + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  /** Seconds; 0 deletes the cookie. */
  readonly maxAge: number;
  /** https: `Secure; SameSite=None` so the page also works inside the Teams tab's frame. */
  readonly secure: boolean;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const attributes = [
    `${name}=${value}`,
    'Path=/helpdesk',
    `Max-Age=${options.maxAge}`,
    'HttpOnly',
    ...(options.secure ? ['Secure', 'SameSite=None'] : ['SameSite=Lax']),
  ];
  return attributes.join('; ');
}
