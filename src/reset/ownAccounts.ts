import type { Account } from './account';
import type { Requester } from './case';
import { describe } from './describeError';
import type { AccountDirectory, Clock, Logger } from './ports';

const MAX_REMEMBERED_OFFERS = 1000;
const OFFER_FRESH_MS = 5 * 60_000;

/**
 * The requester's own account, found by their Teams identity. Whether a name is the requester's own
 * decides between a plain answer and the uniform one, and is settled *without* looking the name up:
 * how long that takes then depends on who asks, never on what the name is.
 */
export class OwnAccounts {
  private readonly offers = new Map<string, { account: Account; at: number }>();

  constructor(
    private readonly directory: AccountDirectory,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The account to offer with one tap; `undefined` when the Teams user maps to none (or the lookup failed). */
  async offer(requester: Requester, caseId?: string): Promise<Account | undefined> {
    if (!requester.aadObjectId) return undefined;
    try {
      const account = await this.directory.findByAadObjectId(requester.aadObjectId);
      if (account && caseId !== undefined) this.remember(caseId, account);
      return account;
    } catch (error) {
      this.log.warn({ err: describe(error) }, 'could not look up the requester’s own account');
      return undefined;
    }
  }

  /**
   * The requester's own account when `username` (parsed, lower-case) names it, else `undefined`.
   * Throws when the directory cannot say. The account just offered is used again instead of another
   * lookup a few seconds later; kept briefly, per instance, bounded.
   */
  async named(caseId: string, requester: Requester, username: string): Promise<Account | undefined> {
    if (!requester.aadObjectId) return undefined;
    const own = this.offered(caseId) ?? (await this.directory.findByAadObjectId(requester.aadObjectId));
    if (!own) return undefined;
    return own.username.toLowerCase() === username || own.upn.toLowerCase() === username ? own : undefined;
  }

  private remember(caseId: string, account: Account): void {
    this.offers.delete(caseId);
    this.offers.set(caseId, { account, at: this.clock.now().getTime() });
    while (this.offers.size > MAX_REMEMBERED_OFFERS) {
      const oldest = this.offers.keys().next().value;
      if (oldest === undefined) break;
      this.offers.delete(oldest);
    }
  }

  private offered(caseId: string): Account | undefined {
    const offer = this.offers.get(caseId);
    this.offers.delete(caseId);
    if (!offer || this.clock.now().getTime() - offer.at > OFFER_FRESH_MS) return undefined;
    return offer.account;
  }
}
