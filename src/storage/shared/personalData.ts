/**
 * Personal data across the ports, for every adapter: the right to erasure, the right of access and retention.
 * Conversation state is found through the conversations a person's referrals and handoffs name (botbuilder keys it
 * "<channel>/conversations/<conversation id>/").
 */
import type { Storage } from 'botbuilder';
import type { JsonTextStorage } from './botStateContract';
import { CHANNEL_IDS } from '../../services/channelIds';
import type { DirectLineStore } from '../../services/directline/DirectLineStore';
import type { Handoff } from '../../services/handoff/Handoff';
import type { HandoffQueue } from '../../services/handoff/HandoffQueue';
import type { Referral } from '../../services/referrals/Referral';
import type { ReferralRepository } from '../../services/referrals/ReferralRepository';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import type { SmsOutbox } from '../../services/sms/SmsOutbox';
import { retentionCutoff } from './records';

/** Bot state, also read and written as JSON text, that can drop items not written since a cutoff (retention). */
export interface BotStateStore extends Storage, JsonTextStorage {
  purgeOlderThan(cutoff: Date): Promise<number>;
}

export interface PersonalDataPorts {
  botState: BotStateStore;
  referrals: ReferralRepository;
  handoffs: HandoffQueue;
  /** Web chat transcripts (Signpost's own Direct Line). */
  directLine: DirectLineStore;
  /** Texts sent to people, and their numbers (an opt-out outlives erasure as a bare record). */
  smsOutbox: SmsOutbox;
  smsContacts: SmsContacts;
}

export interface ErasureReport {
  referrals: number;
  handoffs: number;
  conversationStates: number;
  /** Web chat conversations (with their transcripts) removed. */
  webChatConversations: number;
  /** SMS conversations whose texts and number were removed. */
  smsConversations: number;
}

export interface PersonExport {
  personId: string;
  referrals: Referral[];
  handoffs: Handoff[];
}

export interface PurgeReport {
  cutoff: Date;
  referrals: number;
  handoffs: number;
  botState: number;
  /** Web chat conversations with no activity since the cutoff, removed with their transcripts. */
  webChatConversations: number;
  /** Texts queued before the cutoff (and no longer pending), and numbers not heard from since it (unless opted out). */
  smsMessages: number;
  smsContacts: number;
}

export function conversationStateKey(channel: string, conversationId: string): string {
  return `${channel}/conversations/${conversationId}/`;
}

export async function exportPerson(ports: PersonalDataPorts, personId: string): Promise<PersonExport> {
  const [referrals, handoffs] = await Promise.all([ports.referrals.exportByPerson(personId), ports.handoffs.exportByPerson(personId)]);
  return { personId, referrals, handoffs };
}

/**
 * Removes everything about a person. `keepChats`: conversations whose transcript and texts are left to their channel,
 * which removes them after the turn that asked (so the confirmation can still be delivered).
 */
export async function erasePerson(ports: PersonalDataPorts, personId: string, { keepChats = [] }: { keepChats?: string[] } = {}): Promise<ErasureReport> {
  const { referrals, handoffs } = await exportPerson(ports, personId);
  const kept = new Set(keepChats);
  const keys = [...new Set([...referrals, ...handoffs].map((r) => conversationStateKey(r.channel, r.conversationId)))];
  const held = keys.length > 0 ? Object.keys(await ports.botState.read(keys)) : [];
  if (held.length > 0) await ports.botState.delete(held);
  const webChats = [...new Set([...referrals, ...handoffs].filter((r) => r.channel === CHANNEL_IDS.directLine && !kept.has(r.conversationId)).map((r) => r.conversationId))];
  let webChatConversations = 0;
  for (const id of webChats) if (await ports.directLine.deleteConversation(id)) webChatConversations += 1;
  const texts = [...new Set([...referrals, ...handoffs].filter((r) => r.channel === CHANNEL_IDS.sms && !kept.has(r.conversationId)).map((r) => r.conversationId))];
  for (const id of texts) await Promise.all([ports.smsOutbox.eraseConversation(id), ports.smsContacts.eraseConversation(id)]);
  const [erasedReferrals, erasedHandoffs] = await Promise.all([ports.referrals.eraseByPerson(personId), ports.handoffs.eraseByPerson(personId)]);
  return { referrals: erasedReferrals, handoffs: erasedHandoffs, conversationStates: held.length, webChatConversations, smsConversations: texts.length };
}

/** Removes personal data past retention: referrals created, handoffs closed and bot state last written before the cutoff. */
export async function purgeExpired(ports: PersonalDataPorts, retentionDays: number, now = new Date()): Promise<PurgeReport> {
  const cutoff = retentionCutoff(now, retentionDays);
  const [referrals, handoffs, botState, webChatConversations, smsMessages, smsContacts] = await Promise.all([
    ports.referrals.purgeOlderThan(cutoff),
    ports.handoffs.purgeOlderThan(cutoff),
    ports.botState.purgeOlderThan(cutoff),
    ports.directLine.deleteConversationsIdleSince(cutoff),
    ports.smsOutbox.purgeBefore(cutoff),
    ports.smsContacts.purgeNotSeenSince(cutoff),
  ]);
  return { cutoff, referrals, handoffs, botState, webChatConversations, smsMessages, smsContacts };
}
