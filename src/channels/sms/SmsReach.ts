/**
 * The SMS channel as wellbeing follow-ups need it (services/outcomes/followUpReach.ts): whether a number has opted
 * out, and the SMS conversation of a number that may never have texted Signpost (a web chat patient who gave their
 * mobile), so the follow-up goes through the SMS adapter's continueConversation like any proactive text.
 */
import type { ConversationReference } from 'botbuilder';
import type { TextReach } from '../../services/outcomes/followUpReach';
import type { SmsContacts } from '../../services/sms/SmsContacts';
import { SMS_CHANNEL_ID, smsConversationId, smsParties } from './identity';

export interface SmsReachDeps {
  /** False when SMS is off (production without Twilio): nothing can be texted. */
  enabled: boolean;
  secret: string;
  contacts: SmsContacts;
  /** The bot's id on SMS activities (our number) and the serviceUrl they carry, as on incoming texts. */
  botId: string;
  serviceUrl: string;
  now?: () => Date;
}

export class SmsReach implements TextReach {
  constructor(private readonly deps: SmsReachDeps) {}

  get enabled(): boolean {
    return this.deps.enabled;
  }

  async optedOut(who: { phone: string } | { conversationId: string }): Promise<boolean> {
    const { contacts } = this.deps;
    const contact = 'phone' in who ? await contacts.byPhone(who.phone) : await contacts.byConversation(who.conversationId);
    return contact?.optedOut === true;
  }

  async conversationOf(phone: string): Promise<Partial<ConversationReference>> {
    const { contacts, secret, botId, serviceUrl } = this.deps;
    const conversationId = smsConversationId(secret, phone);
    // Recorded as a contact (as a first text would), so the adapter can text it and its reply is no new conversation.
    if ((await contacts.byPhone(phone))?.conversationId !== conversationId) await contacts.seen(phone, conversationId, this.deps.now?.() ?? new Date());
    return { channelId: SMS_CHANNEL_ID, serviceUrl, ...smsParties(conversationId, botId) };
  }
}
