import type { ConnectorSender } from './connectorSender';
import {
  AuthenticationConstants,
  ConnectorFactory,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';

/**
 * CloudAdapter builds a new ConnectorClient and UserTokenClient for every incoming activity: two
 * Azure HTTP pipelines and credential objects per turn, which the benchmark measured at about a tenth
 * of a turn's CPU under load. A client holds no per-turn state (its credentials cache and renew the
 * token themselves), so one per bot identity, audience and service URL is kept and reused, as
 * botbuilder's older BotFrameworkAdapter did. Bounded: the least recently used is dropped.
 */
export class ReusedClients {
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();
  private readonly userTokens = new Map<string, Promise<UserTokenClient>>();

  constructor(
    private readonly limit = 64,
    /** Paces and retries every call of the connector clients handed out (replies, updates, alerts). */
    private readonly sender?: ConnectorSender,
  ) {}

  /** A factory that hands out the kept client for a service URL, asking `inner` only the first time. */
  connectorFactory(inner: ConnectorFactory, claimsIdentity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return new ReusingConnectorFactory((serviceUrl, audience) =>
      this.reuse(this.connectors, `${appId}\n${audience ?? ''}\n${serviceUrl}`, async () => {
        const client = await inner.create(serviceUrl, audience);
        this.sender?.install(client);
        return client;
      }),
    );
  }

  userTokenClient(
    claimsIdentity: ClaimsIdentity,
    create: () => Promise<UserTokenClient>,
  ): Promise<UserTokenClient> {
    return this.reuse(this.userTokens, appIdOf(claimsIdentity), create);
  }

  /** How many clients are kept (tests). */
  get size(): number {
    return this.connectors.size + this.userTokens.size;
  }

  private reuse<T>(kept: Map<string, Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
    const existing = kept.get(key);
    if (existing) {
      // Most recently used goes last, so the first key is the one to drop.
      kept.delete(key);
      kept.set(key, existing);
      return existing;
    }
    const created = create();
    kept.set(key, created);
    // A failed creation (say, a credential that could not be built) is not kept: the next turn tries again.
    created.catch(() => {
      if (kept.get(key) === created) kept.delete(key);
    });
    if (kept.size > this.limit) kept.delete(kept.keys().next().value!);
    return created;
  }
}

class ReusingConnectorFactory extends ConnectorFactory {
  constructor(private readonly get: (serviceUrl: string, audience?: string) => Promise<ConnectorClient>) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.get(serviceUrl, audience);
  }
}

/** The bot's app id the way botbuilder reads it from an identity: audience claim, else appid claim. */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return (
    claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}
