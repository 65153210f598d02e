/**
 * Where a request comes from, for limits (never logged, never stored): the socket's address, or, behind reverse
 * proxies that say so (TRUSTED_PROXIES), the address the outermost of them saw, read from the right of
 * X-Forwarded-For (what a client writes to the left of it is never believed). And which address each web chat
 * conversation was last used from, held in memory (bounded) so limits that count per client (texts sent on
 * someone's behalf, urgent handoffs) can be applied inside a turn.
 */
import type { Request, RequestHandler } from 'restify';

const ADDRESS = Symbol('signpost.clientAddress');

export function clientAddress(req: Request): string {
  return (req as unknown as Record<symbol, string | undefined>)[ADDRESS] ?? req.socket?.remoteAddress ?? 'unknown';
}

/** The address the outermost of `trustedProxies` proxies saw, from X-Forwarded-For; undefined when it is not there. */
export function forwardedAddress(header: string | string[] | undefined, trustedProxies: number): string | undefined {
  if (trustedProxies <= 0 || header === undefined) return undefined;
  const hops = (Array.isArray(header) ? header.join(',') : header).split(',').map((hop) => hop.trim()).filter(Boolean);
  const hop = hops[hops.length - trustedProxies];
  if (!hop) return undefined;
  // Azure App Service writes "address:port"; IPv6 as "[address]:port".
  return /^\[(.+)\](:\d+)?$/.exec(hop)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(hop)?.[1] ?? hop;
}

/** A server.pre handler that works out each request's client address once (see clientAddress). */
export function rememberClientAddress(trustedProxies: number): RequestHandler {
  return (req, _res, next) => {
    const forwarded = forwardedAddress(req.headers['x-forwarded-for'], trustedProxies);
    if (forwarded) (req as unknown as Record<symbol, string>)[ADDRESS] = forwarded;
    return next();
  };
}

const MAX_CONVERSATIONS = 50_000;

export class ConversationClients {
  private readonly addresses = new Map<string, string>();

  /** Notes that a conversation was just used from an address (the oldest are forgotten past a bound). */
  note(conversationId: string, address: string): void {
    this.addresses.delete(conversationId);
    this.addresses.set(conversationId, address);
    if (this.addresses.size > MAX_CONVERSATIONS) this.addresses.delete(this.addresses.keys().next().value as string);
  }

  of(conversationId: string): string | undefined {
    return this.addresses.get(conversationId);
  }

  /** Forgets a conversation (its data was erased). */
  forget(conversationId: string): void {
    this.addresses.delete(conversationId);
  }
}
