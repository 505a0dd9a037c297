import type { IncomingMessage } from 'node:http';

/** An `orgContact` (someone outside the tenant) that a user's `manager` may name. */
export interface EmulatedContact {
  readonly id: string;
  readonly displayName: string;
  readonly mail?: string;
}

/** A security group; members are user or group ids (nested groups count for transitiveMembers). */
export interface EmulatedGroup {
  readonly id: string;
  readonly displayName: string;
  readonly members: readonly string[];
}

export interface GraphAnswer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** What the organisation borrows from the emulator: its users, its `$select`, its errors and denials. */
export interface EmulatorParts<User extends { readonly id: string }> {
  baseUrl(): string;
  lookup(key: string): User | undefined;
  select(user: User, url: URL): Record<string, unknown>;
  isDenied(permission: 'User.Read.All' | 'GroupMember.Read.All'): boolean;
  error(code: string, message: string): unknown;
}

/**
 * Managers and groups as Graph v1.0 serves them: `GET /users/{id}/manager` (a `directoryObject` with
 * `@odata.type`; 404 `Request_ResourceNotFound` when none is assigned), `GET /groups?$filter=displayName
 * eq '…'` and `GET /groups/{id}/transitiveMembers/microsoft.graph.user`, an advanced query (ConsistencyLevel
 * and `$count=true`), paged by `$top` (at most 999) with `@odata.nextLink` and an opaque `$skiptoken`.
 * Throttling (429 with Retry-After) comes from the emulator's `failNext`, before any of this.
 */
export class EmulatedOrganisation<User extends { readonly id: string }> {
  /** User id → the id of the user, or the contact, that is their manager. */
  private readonly managers = new Map<string, string | EmulatedContact>();
  private readonly groups = new Map<string, EmulatedGroup>();
  /** The largest page the emulator serves, whatever `$top` asks (lower it to test paging). */
  maxPageSize = 999;

  constructor(private readonly parts: EmulatorParts<User>) {}

  setManager(userId: string, manager: string | EmulatedContact | undefined): void {
    if (manager === undefined) this.managers.delete(userId);
    else this.managers.set(userId, manager);
  }

  addGroup(group: EmulatedGroup): void {
    this.groups.set(group.id, group);
  }

  clear(): void {
    this.managers.clear();
    this.groups.clear();
    this.maxPageSize = 999;
  }

  /** The answer for a request this part of Graph serves, `undefined` for any other request. */
  answer(req: IncomingMessage, url: URL, segments: readonly string[]): GraphAnswer | undefined {
    const [collection, key, sub1, sub2] = segments;
    if (req.method !== 'GET') return undefined;
    if (collection === 'users' && key !== undefined && sub1 === 'manager' && sub2 === undefined)
      return this.manager(key, url);
    if (collection !== 'groups') return undefined;
    if (this.parts.isDenied('GroupMember.Read.All')) return this.forbidden();
    if (key === undefined) return this.listGroups(url);
    const group = this.groups.get(key.toLowerCase());
    if (!group) return this.notFound(key);
    if (sub1 === 'transitiveMembers' && sub2 === 'microsoft.graph.user' && segments.length === 4)
      return this.transitiveUsers(req, url, group);
    return {
      status: 400,
      body: this.parts.error('BadRequest', `Resource not found for the segment '${sub1 ?? ''}'.`),
    };
  }

  private manager(key: string, url: URL): GraphAnswer {
    if (this.parts.isDenied('User.Read.All')) return this.forbidden();
    const user = this.parts.lookup(key);
    if (!user) return this.notFound(key);
    const manager = this.managers.get(user.id);
    if (manager === undefined) return this.notFound('manager');
    const context = { '@odata.context': `${this.parts.baseUrl()}/$metadata#directoryObjects/$entity` };
    if (typeof manager !== 'string') {
      // A contact has none of a user's properties: `$select` of them gives nulls.
      const all: Record<string, unknown> = { ...manager };
      const wanted = url.searchParams.get('$select')?.split(',') ?? Object.keys(all);
      const selected = Object.fromEntries(wanted.map((name) => [name, all[name] ?? null]));
      return { status: 200, body: { ...context, '@odata.type': '#microsoft.graph.orgContact', ...selected } };
    }
    const managerUser = this.parts.lookup(manager);
    if (!managerUser) return this.notFound('manager');
    return {
      status: 200,
      body: { ...context, '@odata.type': '#microsoft.graph.user', ...this.parts.select(managerUser, url) },
    };
  }

  private listGroups(url: URL): GraphAnswer {
    const filter = url.searchParams.get('$filter');
    const match = filter === null ? null : /^displayName eq '((?:[^']|'')*)'$/.exec(filter);
    if (filter !== null && !match)
      return {
        status: 400,
        body: this.parts.error(
          'Request_BadRequest',
          `Invalid filter clause: Syntax error at position ${filter.length}.`,
        ),
      };
    const wanted = match?.[1]?.replace(/''/g, "'").toLowerCase();
    const found = [...this.groups.values()].filter(
      (group) => wanted === undefined || group.displayName.toLowerCase() === wanted,
    );
    const fields = url.searchParams.get('$select')?.split(',');
    return {
      status: 200,
      body: {
        '@odata.context': `${this.parts.baseUrl()}/$metadata#groups`,
        value: found.map((group) => {
          const all: Record<string, unknown> = { id: group.id, displayName: group.displayName };
          return fields ? Object.fromEntries(fields.map((name) => [name, all[name] ?? null])) : all;
        }),
      },
    };
  }

  private transitiveUsers(req: IncomingMessage, url: URL, group: EmulatedGroup): GraphAnswer {
    const advanced =
      req.headers['consistencylevel'] === 'eventual' && url.searchParams.get('$count') === 'true';
    if (!advanced)
      return {
        status: 400,
        body: this.parts.error(
          'Request_UnsupportedQuery',
          'The requested query requires the ConsistencyLevel header set to eventual and $count=true.',
        ),
      };
    const users = this.flatten(group, new Set()).flatMap((id) => {
      const user = this.parts.lookup(id);
      return user ? [user] : [];
    });
    const top = Math.min(Number(url.searchParams.get('$top') ?? 100) || 100, 999, this.maxPageSize);
    const token = url.searchParams.get('$skiptoken');
    const offset =
      token === null
        ? 0
        : Number(
            Buffer.from(token, 'base64url')
              .toString('utf8')
              .replace(/^offset:/, ''),
          );
    const page = users.slice(offset, offset + top);
    const next = new URL(url.href);
    next.searchParams.set('$skiptoken', Buffer.from(`offset:${offset + top}`).toString('base64url'));
    const nextLink = `${this.parts.baseUrl()}${next.pathname.replace(/^\/v1\.0/, '')}${next.search}`;
    return {
      status: 200,
      body: {
        '@odata.context': `${this.parts.baseUrl()}/$metadata#users`,
        '@odata.count': users.length,
        ...(offset + top < users.length ? { '@odata.nextLink': nextLink } : {}),
        value: page.map((user) => ({
          '@odata.type': '#microsoft.graph.user',
          ...this.parts.select(user, url),
        })),
      },
    };
  }

  /** The user ids in the group and its nested groups, each once, whatever cycles the groups make. */
  private flatten(group: EmulatedGroup, seen: Set<string>): string[] {
    if (seen.has(group.id)) return [];
    seen.add(group.id);
    const ids = group.members.flatMap((id) => {
      const nested = this.groups.get(id);
      return nested ? this.flatten(nested, seen) : [id];
    });
    return [...new Set(ids)];
  }

  private notFound(key: string): GraphAnswer {
    return {
      status: 404,
      body: this.parts.error(
        'Request_ResourceNotFound',
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      ),
    };
  }

  private forbidden(): GraphAnswer {
    return {
      status: 403,
      body: this.parts.error(
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      ),
    };
  }
}
