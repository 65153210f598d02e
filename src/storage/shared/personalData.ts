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
import type { RecentTurns } from '../../services/transcript/RecentTurns';
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
  /** The recent turns of each conversation, kept for a link worker who picks it up (TranscriptRecorder). */
  recentTurns: RecentTurns;
}

export interface ErasureReport {
  referrals: number;
  handoffs: number;
  conversationStates: number;
  /** Lines of the recent turns of the conversations the records name. */
  recentTurns: number;
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
  /** Lines of recent turns older than the cutoff. */
  recentTurns: number;
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

/** What erasure found of a person before removing anything: their records, and the chats they name. */
interface Found {
  personId: string;
  records: { channel: string; conversationId: string }[];
  /** Conversations whose transcript and texts are left to their channel (removed after the turn that asked). */
  kept: ReadonlySet<string>;
}

/** The conversations of one channel the person's records name, but for those kept. */
const chatsOn = (found: Found, channel: string): string[] =>
  [...new Set(found.records.filter((r) => r.channel === channel && !found.kept.has(r.conversationId)).map((r) => r.conversationId))];

/**
 * Every store that holds personal data, and what it is: `record`, what was said and decided (the referral, and the
 * handoff with its transcript: the one record of the conversation a link worker and an erasure request see);
 * `state`, the conversation's place (bot state) and its recent turns (the lines TranscriptRecorder keeps for a worker
 * who picks the chat up, copied into the handoff); `transport`, queues that carry messages to
 * the person (the web chat activity log, kept so a page can reload and reconnect; the SMS outbox and contacts, kept
 * to send, retry and honour opt-outs). Erasure and retention walk this one list, in this order (records last: the
 * others are found through them). A port added to PersonalDataPorts must be added here (the type insists).
 */
export const PERSONAL_DATA_STORES: {
  [K in keyof PersonalDataPorts]: {
    role: 'record' | 'state' | 'transport';
    erase(ports: PersonalDataPorts, found: Found): Promise<Partial<ErasureReport>>;
    purge(ports: PersonalDataPorts, cutoff: Date): Promise<Partial<PurgeReport>>;
  };
} = {
  botState: {
    role: 'state',
    erase: async (ports, found) => {
      const keys = [...new Set(found.records.map((r) => conversationStateKey(r.channel, r.conversationId)))];
      const held = keys.length > 0 ? Object.keys(await ports.botState.read(keys)) : [];
      if (held.length > 0) await ports.botState.delete(held);
      return { conversationStates: held.length };
    },
    purge: async (ports, cutoff) => ({ botState: await ports.botState.purgeOlderThan(cutoff) }),
  },
  recentTurns: {
    role: 'state',
    erase: async (ports, found) => {
      let recentTurns = 0;
      const seen = new Set<string>();
      for (const { channel, conversationId } of found.records) {
        const key = conversationStateKey(channel, conversationId);
        if (seen.has(key)) continue;
        seen.add(key);
        recentTurns += await ports.recentTurns.clear({ channel, conversationId });
      }
      return { recentTurns };
    },
    purge: async (ports, cutoff) => ({ recentTurns: await ports.recentTurns.purgeOlderThan(cutoff) }),
  },
  directLine: {
    role: 'transport',
    erase: async (ports, found) => {
      let webChatConversations = 0;
      for (const id of chatsOn(found, CHANNEL_IDS.directLine)) if (await ports.directLine.deleteConversation(id)) webChatConversations += 1;
      return { webChatConversations };
    },
    purge: async (ports, cutoff) => ({ webChatConversations: await ports.directLine.deleteConversationsIdleSince(cutoff) }),
  },
  smsOutbox: {
    role: 'transport',
    erase: async (ports, found) => {
      const texts = chatsOn(found, CHANNEL_IDS.sms);
      for (const id of texts) await ports.smsOutbox.eraseConversation(id);
      return { smsConversations: texts.length };
    },
    purge: async (ports, cutoff) => ({ smsMessages: await ports.smsOutbox.purgeBefore(cutoff) }),
  },
  smsContacts: {
    role: 'transport',
    erase: async (ports, found) => {
      for (const id of chatsOn(found, CHANNEL_IDS.sms)) await ports.smsContacts.eraseConversation(id);
      return {};
    },
    purge: async (ports, cutoff) => ({ smsContacts: await ports.smsContacts.purgeNotSeenSince(cutoff) }),
  },
  referrals: {
    role: 'record',
    erase: async (ports, found) => ({ referrals: await ports.referrals.eraseByPerson(found.personId) }),
    purge: async (ports, cutoff) => ({ referrals: await ports.referrals.purgeOlderThan(cutoff) }),
  },
  handoffs: {
    role: 'record',
    erase: async (ports, found) => ({ handoffs: await ports.handoffs.eraseByPerson(found.personId) }),
    purge: async (ports, cutoff) => ({ handoffs: await ports.handoffs.purgeOlderThan(cutoff) }),
  },
};

const STORES = Object.values(PERSONAL_DATA_STORES);

/**
 * Removes everything about a person, store by store (PERSONAL_DATA_STORES). `keepChats`: conversations whose
 * transcript and texts are left to their channel, which removes them after the turn that asked (so the confirmation
 * can still be delivered).
 */
export async function erasePerson(ports: PersonalDataPorts, personId: string, { keepChats = [] }: { keepChats?: string[] } = {}): Promise<ErasureReport> {
  const { referrals, handoffs } = await exportPerson(ports, personId);
  const found: Found = { personId, records: [...referrals, ...handoffs], kept: new Set(keepChats) };
  const report: ErasureReport = { referrals: 0, handoffs: 0, conversationStates: 0, recentTurns: 0, webChatConversations: 0, smsConversations: 0 };
  for (const store of STORES) Object.assign(report, await store.erase(ports, found));
  return report;
}

/** Removes personal data past retention from every store (PERSONAL_DATA_STORES), each by its own rule. */
export async function purgeExpired(ports: PersonalDataPorts, retentionDays: number, now = new Date()): Promise<PurgeReport> {
  const cutoff = retentionCutoff(now, retentionDays);
  const parts = await Promise.all(STORES.map((store) => store.purge(ports, cutoff)));
  return Object.assign({ cutoff, referrals: 0, handoffs: 0, botState: 0, recentTurns: 0, webChatConversations: 0, smsMessages: 0, smsContacts: 0 }, ...parts) as PurgeReport;
}
