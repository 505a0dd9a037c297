import { isGuid } from '../lib/guid';
import type { Account } from '../reset/account';
import { DirectoryUnavailableError } from '../reset/errors';
import type { Logger } from '../reset/ports';
import { parseUsername } from '../reset/username';
import type { GraphApi, GraphResponse } from './graphApi';
import { permissions, unexpectedAnswer } from './graphErrors';
import { GraphManagers } from './graphManagers';
import {
  odataString,
  parseGraphUser,
  parseGraphUserList,
  smsNumberFrom,
  toAccount,
  USER_SELECT,
  type GraphUser,
} from './mapping';

export interface GraphUsersOptions {
  readonly api: GraphApi;
  readonly logger: Logger;
  /** Appended to a bare username that is no sAMAccountName, e.g. `kommun.se`. */
  readonly defaultUpnSuffix?: string;
  /** Use the directory `mobilePhone` when no `mobile` authentication method is registered. */
  readonly allowDirectoryMobile: boolean;
  /** The approver group: its object id, or its display name (exactly one group must have it). */
  readonly approverGroup?: string;
}

/**
 * Users and their SMS numbers in Microsoft Graph. A bare username is looked up as
 * `onPremisesSamAccountName` first (what employees of a synced tenant type), then, if not found,
 * as `username@DEFAULT_UPN_SUFFIX` (cloud-only users have no sAMAccountName); a name with `@` is a UPN.
 */
export class GraphUsers {
  private readonly log: Logger;
  private readonly managers: GraphManagers;

  constructor(private readonly options: GraphUsersOptions) {
    this.log = options.logger.child({ module: 'graph-users' });
    this.managers = new GraphManagers(options);
  }

  /** The user `/manager` names (an orgContact is none); no phone methods are read for them. */
  findManager(account: Pick<Account, 'id'>): Promise<Account | undefined> {
    return this.managers.managerOf(account.id);
  }

  findApprovers(): Promise<readonly Account[]> {
    return this.managers.approvers();
  }

  async findByUsername(typed: string): Promise<Account | undefined> {
    // Whatever our own parser refuses never reaches an OData filter or a URL.
    const username = parseUsername(typed);
    if (username === undefined) return undefined;
    if (username.includes('@')) return this.withPhone(await this.userByKey(username));
    const bySam = await this.userBySamAccountName(username);
    if (bySam) return this.withPhone(bySam);
    const suffix = this.options.defaultUpnSuffix;
    if (suffix === undefined) return undefined;
    return this.withPhone(await this.userByKey(`${username}@${suffix}`));
  }

  async findByAadObjectId(objectId: string): Promise<Account | undefined> {
    if (!isGuid(objectId.trim())) return undefined;
    return this.withPhone(await this.userByKey(objectId.trim().toLowerCase()));
  }

  /** `GET /users/{id | userPrincipalName}`; 404 is "no such user". */
  async userByKey(key: string): Promise<GraphUser | undefined> {
    const response = await this.options.api.get(`/users/${encodeURIComponent(key).replace(/'/g, '%27')}`, {
      select: USER_SELECT,
    });
    if (response.status === 404) return undefined;
    if (response.status !== 200) throw unexpectedAnswer(response, 'look up a user', permissions.readUsers);
    return this.parsedUser(response);
  }

  /** An advanced query: Graph refuses it without `ConsistencyLevel: eventual` and `$count=true`. */
  private async userBySamAccountName(sam: string): Promise<GraphUser | undefined> {
    const response = await this.options.api.get('/users', {
      filter: `onPremisesSamAccountName eq ${odataString(sam)}`,
      count: true,
      select: USER_SELECT,
      headers: { ConsistencyLevel: 'eventual' },
    });
    if (response.status !== 200)
      throw unexpectedAnswer(response, 'search users by sAMAccountName', permissions.readUsers);
    const users = parseGraphUserList(response.body);
    if (users === undefined) throw new DirectoryUnavailableError('Microsoft Graph returned no user list');
    if (users.length > 1) {
      // Two accounts answering to one name: acting on either could reset the wrong person.
      this.log.warn(
        { matches: users.length },
        'several users share one sAMAccountName; treated as not found',
      );
      return undefined;
    }
    return users[0];
  }

  private parsedUser(response: GraphResponse): GraphUser {
    const user = parseGraphUser(response.body);
    if (!user)
      throw new DirectoryUnavailableError('Microsoft Graph returned a user without id or userPrincipalName');
    return user;
  }

  private async withPhone(user: GraphUser | undefined): Promise<Account | undefined> {
    if (!user) return undefined;
    const response = await this.options.api.get(
      `/users/${encodeURIComponent(user.id)}/authentication/phoneMethods`,
    );
    if (response.status !== 200 && response.status !== 404)
      throw unexpectedAnswer(response, 'read phone methods', permissions.readPhoneMethods);
    const methods: unknown = response.status === 200 ? response.body : undefined;
    const mobile = smsNumberFrom(methods, user, this.options.allowDirectoryMobile);
    if (!mobile) this.log.info({ userId: user.id }, 'no usable SMS number registered');
    return toAccount(user, mobile);
  }
}
