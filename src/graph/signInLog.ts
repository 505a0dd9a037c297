import { z } from 'zod';
import { errorText } from '../lib/errorText';
import type { SignInLog } from '../reset/notices/ports';
import type { Logger } from '../reset/ports';
import type { GraphApi } from './graphApi';

/** Entra's sign-in error codes that make up a lockout: the account is locked, and a bad password. */
const LOCKED = 50053;
const BAD_PASSWORD = 50126;
/** Pages followed at most: a relock window holds few sign-ins; a storm of them needs only the first. */
const MAX_PAGES = 3;
/** Sources named at most in a notice. */
const MAX_SOURCES = 3;
/** `clientAppUsed` values too generic to name: the app's display name says more. */
const MODERN_CLIENTS = new Set(['browser', 'mobile apps and desktop clients']);

/** The part of Graph's `signIn` resource read here (v1.0); anything else in the payload is ignored. */
const signInSchema = z.object({
  createdDateTime: z.string(),
  appDisplayName: z.string().nullish(),
  clientAppUsed: z.string().nullish(),
  status: z.object({ errorCode: z.number().nullish() }).nullish(),
  deviceDetail: z
    .object({ displayName: z.string().nullish(), operatingSystem: z.string().nullish() })
    .nullish(),
});
const pageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

type SignIn = z.infer<typeof signInSchema>;

/** Why the log could not be read; each is logged once (the operator needs it once, not per lockout). */
type Unreadable = 'not-permitted' | 'throttled' | 'failed';

/**
 * Entra's sign-in log (`GET /auditLogs/signIns`, application permission `AuditLog.Read.All`, Entra ID
 * P1/P2): the apps and devices behind the failed sign-ins that locked an account again, so the relock
 * notice can name them ("Exchange ActiveSync, iPhone"). Sign-ins that only reached on-premises AD are
 * not in it: then it names nothing.
 */
export class GraphSignInLog implements SignInLog {
  private readonly log: Logger;
  private readonly told = new Set<Unreadable>();

  constructor(
    private readonly api: GraphApi,
    /** `https://graph.microsoft.com/v1.0`: what `@odata.nextLink` starts with. */
    private readonly baseUrl: string,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'sign-in-log' });
  }

  async failedSignInSources(
    aadObjectId: string,
    from: Date,
    until: Date,
  ): Promise<readonly string[] | undefined> {
    const failed: SignIn[] = [];
    let path: string | undefined = '/auditLogs/signIns?$top=100';
    const filter =
      `userId eq '${aadObjectId.replace(/'/g, "''")}' and createdDateTime ge ${from.toISOString()}` +
      ` and createdDateTime le ${until.toISOString()}`;
    for (let page = 0; path !== undefined && page < MAX_PAGES; page++) {
      let answer;
      try {
        // The next link carries the filter already.
        answer = await this.api.get(path, page === 0 ? { filter } : {});
      } catch (error) {
        return this.unreadable('failed', errorText(error));
      }
      if (answer.status === 403) return this.unreadable('not-permitted', graphCode(answer.body));
      if (answer.status === 429) return this.unreadable('throttled', 'still throttled after the retries');
      if (answer.status !== 200) return this.unreadable('failed', `HTTP ${answer.status}`);
      const parsed = pageSchema.safeParse(answer.body);
      if (!parsed.success) return this.unreadable('failed', 'an answer without a value list');
      for (const item of parsed.data.value) {
        const signIn = signInSchema.safeParse(item);
        const code = signIn.success ? signIn.data.status?.errorCode : undefined;
        if (signIn.success && (code === LOCKED || code === BAD_PASSWORD)) failed.push(signIn.data);
      }
      path = this.relative(parsed.data['@odata.nextLink']);
    }
    return mostFrequent(failed.map(sourceOf).filter((source) => source !== ''));
  }

  /** A next link as a path under the base URL; a link elsewhere is not followed. */
  private relative(link: string | undefined): string | undefined {
    const base = this.baseUrl.replace(/\/$/, '');
    return link?.startsWith(`${base}/`) ? link.slice(base.length) : undefined;
  }

  private unreadable(reason: Unreadable, detail: string): undefined {
    if (!this.told.has(reason)) {
      this.told.add(reason);
      const why =
        reason === 'not-permitted'
          ? 'Graph refused the sign-in log: grant the application permission AuditLog.Read.All (needs Entra ID P1 or P2); until then relock notices do not name the app and device'
          : 'the sign-in log could not be read: relock notices do not name the app and device this time';
      this.log.warn({ reason, detail }, why);
    }
    return undefined;
  }
}

/** `Exchange ActiveSync, iPhone`: the legacy protocol or the app, and the device's name or system. */
export function sourceOf(signIn: SignIn): string {
  const client = signIn.clientAppUsed?.trim() ?? '';
  const app = client !== '' && !MODERN_CLIENTS.has(client.toLowerCase()) ? client : signIn.appDisplayName;
  const device = signIn.deviceDetail?.displayName?.trim() || signIn.deviceDetail?.operatingSystem?.trim();
  return [app?.trim(), device].filter((part) => part !== undefined && part !== '').join(', ');
}

function mostFrequent(sources: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const source of sources) counts.set(source, (counts.get(source) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, MAX_SOURCES)
    .map(([source]) => source);
}

function graphCode(body: unknown): string {
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  return typeof code === 'string' ? code : 'HTTP 403';
}
