/**
 * Connector and user-token clients made once, not on every turn. botbuilder's CloudAdapter asks its
 * BotFrameworkAuthentication for a new ConnectorClient and a new UserTokenClient for every activity it processes, and
 * each is an HTTP pipeline of a dozen policies with its own credentials (its cost: README "What a turn costs"). This wrapper keeps them per bot app id, service URL and audience (as botbuilder's older BotFrameworkAdapter
 * did), at most MAX_CLIENTS of each, the least recently used going first. Authentication itself is untouched: every
 * request is still authenticated by the wrapped instance. Credentials inside a kept client fetch and refresh their own
 * tokens, as they do in a client made per turn.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';

export const MAX_CLIENTS = 100;

/** A small least-recently-used map of promises; a promise that fails is forgotten so the next call tries again. */
class PromiseCache<T> {
  private readonly entries = new Map<string, Promise<T>>();

  constructor(private readonly max: number) {}

  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) {
      this.entries.delete(key);
      this.entries.set(key, known);
      return known;
    }
    const made = make();
    this.entries.set(key, made);
    made.catch(() => {
      if (this.entries.get(key) === made) this.entries.delete(key);
    });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return made;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The app id botbuilder's own factories use: the audience claim (channels), else the appid claim (Emulator). */
function appIdOf(claims: ClaimsIdentity): string {
  return claims.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claims.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

class CachedConnectorFactory extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory, private readonly appId: string, private readonly clients: PromiseCache<ConnectorClient>) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.clients.get(JSON.stringify([this.appId, serviceUrl, audience ?? null]), () => this.inner.create(serviceUrl, audience));
  }
}

export class CachingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  private readonly connectors: PromiseCache<ConnectorClient>;
  private readonly userTokens: PromiseCache<UserTokenClient>;

  constructor(private readonly inner: BotFrameworkAuthentication, maxClients = MAX_CLIENTS) {
    super();
    this.connectors = new PromiseCache(maxClients);
    this.userTokens = new PromiseCache(maxClients);
  }

  /** How many connector clients are kept (tests read it). */
  get connectorClients(): number {
    return this.connectors.size;
  }

  async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateRequest(activity, authHeader));
  }

  async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.withCachedFactory(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new CachedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), appIdOf(claimsIdentity), this.connectors);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.userTokens.get(appIdOf(claimsIdentity), () => this.inner.createUserTokenClient(claimsIdentity));
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  private withCachedFactory(result: AuthenticateRequestResult): AuthenticateRequestResult {
    const { connectorFactory } = result;
    return connectorFactory ? { ...result, connectorFactory: new CachedConnectorFactory(connectorFactory, appIdOf(result.claimsIdentity), this.connectors) } : result;
  }
}
