/**
 * Where a request comes from, for limits (never logged, never stored): the socket's address, since a forwarded
 * header could be forged. And which address each web chat conversation was last used from, held in memory (bounded)
 * so limits that count per client (texts sent on someone's behalf) can be applied inside a turn.
 */
import type { Request } from 'restify';

export function clientAddress(req: Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
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
