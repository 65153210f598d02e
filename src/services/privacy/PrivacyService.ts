/**
 * The rights of the person (UK GDPR): erasure and access, across every store that holds their data: referrals, the
 * handoff queue with its transcripts, and bot state (the conversations those records name, plus the conversation
 * and user state of the chat they ask from, which may hold answers not yet sent).
 */
import type { Storage } from 'botbuilder';
import type { AuditLog } from '../audit/AuditLog';
import type { Handoff } from '../handoff/Handoff';
import type { Referral } from '../referrals/Referral';

export interface ErasureReport {
  referrals: number;
  handoffs: number;
  conversationStates: number;
}

export interface PersonExport {
  personId: string;
  referrals: Referral[];
  handoffs: Handoff[];
}

/** What privacy needs from storage (the app's Stores provides it). */
export interface PrivacyStores {
  /**
   * Referrals, handoffs and the conversation state those records name, and their chats' transcripts and texts,
   * except the conversations in `keepChats` (the chat the request came from: its channel removes it after the turn,
   * once the confirmation is delivered).
   */
  erasePerson(personId: string, options?: { keepChats?: string[] }): Promise<ErasureReport>;
  /** Closes the conversation's open handoff as "erased", telling the worker (HandoffService.closeForErasure). */
  closeHandoffForErasure?(conversationId: string, personId: string): Promise<unknown>;
  exportPerson(personId: string): Promise<PersonExport>;
  botState: Storage;
  audit?: AuditLog;
}

export interface Erasure extends ErasureReport {
  /** Bot-state items of the current chat removed besides those the records named. */
  chatStates: number;
}

export class PrivacyService {
  constructor(private readonly stores: PrivacyStores) {}

  /**
   * Erases everything held about a person. `stateKeys` are the bot-state keys of the chat the request came from
   * (conversation and user state): they are removed even when no record names them yet. The audit log keeps only
   * that an erasure happened, by person id.
   */
  async erase(personId: string, stateKeys: string[] = [], chat?: { conversationId: string }): Promise<Erasure> {
    if (chat) await this.stores.closeHandoffForErasure?.(chat.conversationId, personId);
    const report = await this.stores.erasePerson(personId, chat ? { keepChats: [chat.conversationId] } : {});
    const held = stateKeys.length > 0 ? Object.keys(await this.stores.botState.read(stateKeys)) : [];
    if (held.length > 0) await this.stores.botState.delete(held);
    await this.stores.audit?.append({ actor: `patient:${personId}`, action: 'erase-person', recordType: 'person', recordId: personId });
    return { ...report, chatStates: held.length };
  }

  /** Right of access: every referral and handoff (with transcripts) held about the person. */
  async export(personId: string): Promise<PersonExport> {
    const data = await this.stores.exportPerson(personId);
    await this.stores.audit?.append({ actor: `patient:${personId}`, action: 'export-person', recordType: 'person', recordId: personId });
    return data;
  }
}

/** The bot-state keys botbuilder uses for a chat's conversation state and its user's state. */
export function chatStateKeys(channel: string, conversationId: string, userId: string): string[] {
  return [`${channel}/conversations/${conversationId}/`, `${channel}/users/${userId}/`];
}
