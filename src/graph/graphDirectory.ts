import type { Account, UnlockResult } from '../reset/account';
import { AccountNotWritableError, PasswordRejectedError } from '../reset/errors';
import type { AccountDirectory, AccountRef, Logger } from '../reset/ports';
import type { GraphApi } from './graphApi';
import { permissions, unexpectedAnswer } from './graphErrors';
import type { GraphUsers } from './graphUsers';
import { isPasswordComplexityError, parseGraphError } from './mapping';

/**
 * The directory of a cloud-only tenant (`DIRECTORY=graph`). Accounts synced from AD are found but
 * never written: a Graph password change is not written back to AD, so the two would split.
 */
export class GraphDirectory implements AccountDirectory {
  private readonly log: Logger;

  constructor(
    private readonly users: GraphUsers,
    private readonly api: GraphApi,
    logger: Logger,
  ) {
    this.log = logger.child({ module: 'graph-directory' });
  }

  findByUsername(username: string): Promise<Account | undefined> {
    return this.users.findByUsername(username);
  }

  findByAadObjectId(aadObjectId: string): Promise<Account | undefined> {
    return this.users.findByAadObjectId(aadObjectId);
  }

  findManager(account: AccountRef): Promise<Account | undefined> {
    return this.users.findManager(account);
  }

  findApprovers(): Promise<readonly Account[]> {
    return this.users.findApprovers();
  }

  /** Graph has no unlock: Entra's smart lockout clears by itself within minutes. */
  // eslint-disable-next-line @typescript-eslint/require-await -- a refusal must reject, not throw
  async unlock(account: AccountRef): Promise<UnlockResult> {
    this.refuseSynced(account);
    return 'cloud-lockout-expires-by-itself';
  }

  async setPassword(account: AccountRef, password: string): Promise<void> {
    this.refuseSynced(account);
    const response = await this.api.patch(`/users/${encodeURIComponent(account.id)}`, {
      passwordProfile: { password, forceChangePasswordNextSignIn: false },
    });
    if (response.status === 204 || response.status === 200) {
      this.log.info({ userId: account.id }, 'password set in Entra ID');
      return;
    }
    const error = parseGraphError(response.body);
    if (isPasswordComplexityError(response.status, error)) throw new PasswordRejectedError(['complexity']);
    if (response.status === 404)
      throw new AccountNotWritableError(`account ${account.username} no longer exists in Entra ID`);
    throw unexpectedAnswer(response, 'set the password', permissions.writePassword);
  }

  private refuseSynced(account: AccountRef): void {
    if (account.source === 'on-premises')
      throw new AccountNotWritableError(
        `account ${account.username} is synced from AD; configure DIRECTORY=hybrid`,
      );
  }
}
