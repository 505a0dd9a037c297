import { z } from 'zod';
import { isGuid } from '../lib/guid';
import type { Account } from '../reset/account';
import { DirectoryUnavailableError } from '../reset/errors';
import type { Logger } from '../reset/ports';
import type { GraphApi, GraphResponse } from './graphApi';
import { permissions, unexpectedAnswer } from './graphErrors';
import {
  odataString,
  parseDirectoryUser,
  parseGraphUserList,
  toAccount,
  USER_SELECT,
  type GraphUser,
} from './mapping';

export interface GraphManagersOptions {
  readonly api: GraphApi;
  readonly logger: Logger;
  /** The approver group: its object id, or its display name (which must name exactly one group). */
  readonly approverGroup?: string;
}

/** More members than an approver group of IT representatives ever has (999 per page). */
const MAX_PAGES = 10;
const PAGE_SIZE = 999;

const collectionSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

/**
 * Who can vouch for an Entra ID account: its manager (`GET /users/{id}/manager`, User.Read.All) when that
 * is a user, or the enabled members of the approver group, nested groups included
 * (`/groups/{id}/transitiveMembers/microsoft.graph.user`, GroupMember.Read.All). Neither reads phone
 * methods: the flow reaches these people in Teams, never by SMS.
 */
export class GraphManagers {
  private readonly log: Logger;

  constructor(private readonly options: GraphManagersOptions) {
    this.log = options.logger.child({ module: 'graph-managers' });
  }

  async managerOf(userId: string): Promise<Account | undefined> {
    if (!isGuid(userId)) return undefined;
    const response = await this.options.api.get(`/users/${encodeURIComponent(userId)}/manager`, {
      select: USER_SELECT,
    });
    // Request_ResourceNotFound: no manager assigned (or the user is gone).
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedAnswer(response, 'read the manager', permissions.readUsers);
    const manager = parseDirectoryUser(response.body);
    if (!manager) {
      this.log.info({ userId }, 'the manager is not a user (an organisational contact?); ignored');
      return undefined;
    }
    return toAccount(manager, undefined);
  }

  async approvers(): Promise<readonly Account[]> {
    const group = this.options.approverGroup?.trim();
    if (!group) return [];
    const groupId = isGuid(group) ? group.toLowerCase() : await this.groupIdByName(group);
    if (groupId === undefined) return [];
    const members = await this.transitiveUsers(groupId);
    if (members === undefined) {
      this.log.warn({ group }, 'the approver group is not in Entra ID (APPROVER_GROUP); no approvers');
      return [];
    }
    return members.filter((user) => user.accountEnabled === true).map((user) => toAccount(user, undefined));
  }

  /** `GET /groups?$filter=displayName eq '…'`: exactly one group, or none with a warning. */
  private async groupIdByName(name: string): Promise<string | undefined> {
    const response = await this.options.api.get('/groups', {
      filter: `displayName eq ${odataString(name)}`,
      select: ['id', 'displayName'],
    });
    if (response.status !== 200)
      throw unexpectedAnswer(response, 'find the approver group', permissions.readGroupMembers);
    const groups = z
      .object({ value: z.array(z.object({ id: z.string().min(1) }).passthrough()) })
      .safeParse(response.body);
    if (!groups.success) throw new DirectoryUnavailableError('Microsoft Graph returned no group list');
    const found = groups.data.value;
    if (found.length !== 1) {
      // Two groups of one name: which one the operator meant cannot be known; give the object id instead.
      this.log.warn(
        { group: name, matches: found.length },
        found.length === 0
          ? 'the approver group is not in Entra ID (APPROVER_GROUP); no approvers'
          : 'several groups have the approver group’s name; set APPROVER_GROUP to the object id',
      );
      return undefined;
    }
    return found[0]?.id;
  }

  /** Every user in the group, through nested groups too, page by page; `undefined` when there is no such group. */
  private async transitiveUsers(groupId: string): Promise<GraphUser[] | undefined> {
    // The OData cast is an advanced query: Graph wants ConsistencyLevel: eventual and $count=true.
    const headers = { ConsistencyLevel: 'eventual' };
    let response = await this.options.api.get(
      `/groups/${encodeURIComponent(groupId)}/transitiveMembers/microsoft.graph.user?$top=${PAGE_SIZE}`,
      { select: USER_SELECT, count: true, headers },
    );
    if (response.status === 404) return undefined;
    const users: GraphUser[] = [];
    for (let page = 1; ; page++) {
      const { value, nextLink } = this.page(response);
      users.push(...value);
      if (nextLink === undefined) break;
      if (page >= MAX_PAGES) {
        this.log.warn({ groupId, pages: page }, 'approver group larger than expected; the rest is not read');
        break;
      }
      response = await this.options.api.getNextPage(nextLink, headers);
    }
    const unique = new Map(users.map((user) => [user.id, user]));
    return [...unique.values()];
  }

  private page(response: GraphResponse): { value: GraphUser[]; nextLink?: string } {
    if (response.status !== 200)
      throw unexpectedAnswer(response, 'list the approver group’s members', permissions.readGroupMembers);
    const page = collectionSchema.safeParse(response.body);
    const value = parseGraphUserList(response.body);
    if (!page.success || value === undefined)
      throw new DirectoryUnavailableError('Microsoft Graph returned no member list');
    const nextLink = page.data['@odata.nextLink'];
    return { value, ...(nextLink !== undefined ? { nextLink } : {}) };
  }
}
