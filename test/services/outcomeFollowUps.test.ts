/**
 * OutcomeFollowUps on the real embedded store, with the SMS channel's own SmsReach over the real SMS contacts:
 * follow-ups go out only when due and while link workers are at work, exactly once even with two servers sharing the
 * store, never to someone who cannot be reached, and one failure does not hold up the rest. An SMS chat's follow-up
 * goes to its own conversation; a web chat's by text to the mobile on the referral (its SMS conversation), or not at
 * all. Turns are recorded where app.ts would start them in the patient's channel.
 */
import { rmSync } from 'node:fs';
import type { ConversationReference } from 'botbuilder';
import { smsConversationId } from '../../src/channels/sms/identity';
import { SmsReach } from '../../src/channels/sms/SmsReach';
import { parseOpeningHours } from '../../src/services/handoff/openingHours';
import type { Handoff } from '../../src/services/handoff/Handoff';
import { OutcomeFollowUps } from '../../src/services/outcomes/OutcomeFollowUps';
import type { ProactiveEvent } from '../../src/services/outcomes/proactiveTurns';
import type { Person } from '../../src/services/referrals/Referral';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';
import { newHandoff, newReferral } from '../storage/records';

const MONDAY_10AM = new Date('2026-06-01T09:00:00Z');
const SATURDAY_10AM = new Date('2026-06-06T09:00:00Z');
const DUE = new Date('2026-06-01T08:00:00Z');
const SECRET = 'follow-up-tests-secret-0123456789abcdef';
const OUR_NUMBER = '+447700900000';
const SERVICE_URL = 'https://signpost.example.org/api/sms';
const quiet = { info: () => undefined, warn: () => undefined };
let numbers = 0;
/** A different UK mobile for each test patient (Ofcom's drama range). */
const nextMobile = (): string => `+447700900${String(100 + (numbers++ % 800)).padStart(3, '0')}`;

describe('OutcomeFollowUps', () => {
  let dir: string;
  let stores: Stores;
  let started: { reference: Partial<ConversationReference>; event: ProactiveEvent }[];
  let now: Date;

  beforeEach(async () => {
    dir = tempDataDir('signpost-followups-');
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
    started = [];
    now = MONDAY_10AM;
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function followUps(options: { failFor?: string; textsEnabled?: boolean } = {}): OutcomeFollowUps {
    return new OutcomeFollowUps({
      referrals: stores.referrals,
      handoffs: stores.handoffs,
      turns: {
        start: async (reference, event) => {
          if (reference.conversation?.id === options.failFor) throw new Error('channel down');
          started.push({ reference, event });
        },
      },
      texts: new SmsReach({ enabled: options.textsEnabled ?? true, secret: SECRET, contacts: stores.smsContacts, botId: OUR_NUMBER, serviceUrl: SERVICE_URL, now: () => now }),
      openingHours: parseOpeningHours('Mon-Fri 09:00-17:00 Europe/London'),
      logger: quiet,
      now: () => now,
    });
  }

  /** An SMS patient's chat: its conversation is the number's, which has texted us. */
  async function smsChat(phone = nextMobile()): Promise<{ phone: string; conversationId: string }> {
    const conversationId = smsConversationId(SECRET, phone);
    await stores.smsContacts.seen(phone, conversationId, new Date('2026-04-01T09:00:00Z'));
    return { phone, conversationId };
  }

  /**
   * Someone who agreed to a follow-up due at `dueAt` (none asked yet when undefined), in web chat (default) or by SMS,
   * whose referral says how to contact them (default: by text, at a mobile of their own).
   */
  async function agreed(dueAt: Date | undefined, options: { sms?: { conversationId: string }; conversationId?: string; person?: Partial<Person> } = {}) {
    const conversationId = options.sms?.conversationId ?? options.conversationId ?? `conv-${Math.random()}`;
    const channel = options.sms ? 'sms' : 'directline';
    const base = newHandoff({ conversationId });
    const handoff = await stores.handoffs.enqueue({ ...base, channel, conversationReference: { ...base.conversationReference, channelId: channel } });
    const person: Person = { ...newReferral().person, contactValue: nextMobile(), ...options.person };
    const referral = await stores.referrals.create(newReferral({ person, ...(dueAt ? { followUp: { consentAt: new Date('2026-04-20T09:00:00Z'), dueAt, handoffId: handoff.id } } : {}) }));
    return { handoff, referral, phone: person.contactValue };
  }

  const followUpOf = async (reference: string) => (await stores.referrals.get(reference))?.followUp;

  it('sends an SMS chat\'s follow-up in its own conversation, when due and in opening hours', async () => {
    const sms = await smsChat();
    const due = await agreed(DUE, { sms });
    await agreed(new Date('2026-06-02T08:00:00Z'), { sms: await smsChat() });
    expect(await followUps().sendDue()).toEqual({ sent: 1, skipped: 0 });
    expect(started).toEqual([{ reference: due.handoff.conversationReference, event: { name: 'signpost.followUp', value: { referralReference: due.referral.reference } } }]);
    expect((await followUpOf(due.referral.reference))?.sentAt).toEqual(now);
  });

  it('texts a web chat\'s follow-up to the mobile on the referral, in that number\'s SMS conversation', async () => {
    const due = await agreed(DUE);
    expect(await stores.smsContacts.byPhone(due.phone!)).toBeUndefined();
    expect(await followUps().sendDue()).toEqual({ sent: 1, skipped: 0 });
    const conversationId = smsConversationId(SECRET, due.phone!);
    expect(started).toEqual([
      {
        reference: {
          channelId: 'sms',
          serviceUrl: SERVICE_URL,
          conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: '' },
          user: { id: conversationId, name: '', role: 'user' },
          bot: { id: OUR_NUMBER, name: 'Signpost', role: 'bot' },
        },
        event: { name: 'signpost.followUp', value: { referralReference: due.referral.reference, viaText: true } },
      },
    ]);
    // The number is now an SMS contact of that conversation, so the SMS adapter can text it and its reply carries on there.
    expect(await stores.smsContacts.byConversation(conversationId)).toMatchObject({ phone: due.phone, optedOut: false });
    expect(await followUpOf(due.referral.reference)).toMatchObject({ sentAt: now });
    expect((await followUpOf(due.referral.reference))?.skipped).toBeUndefined();
  });

  it('waits for opening hours: nothing on a Saturday, sent on Monday', async () => {
    await agreed(new Date('2026-06-05T08:00:00Z'));
    now = SATURDAY_10AM;
    expect(await followUps().sendDue()).toEqual({ sent: 0, skipped: 0 });
    now = new Date('2026-06-08T09:00:00Z');
    expect(await followUps().sendDue()).toEqual({ sent: 1, skipped: 0 });
  });

  it('sends each exactly once with two servers at it together', async () => {
    for (let i = 0; i < 3; i += 1) await agreed(DUE);
    for (let i = 0; i < 3; i += 1) await agreed(DUE, { sms: await smsChat() });
    const [a, b] = await Promise.all([followUps().sendDue(), followUps().sendDue()]);
    expect(a.sent + b.sent).toBe(6);
    expect(started).toHaveLength(6);
    expect(new Set(started.map((s) => (s.event.value as { referralReference: string }).referralReference)).size).toBe(6);
    expect(await followUps().sendDue()).toEqual({ sent: 0, skipped: 0 });
  });

  it('skips, and says why, numbers that opted out, web chats with no mobile to text, and conversations gone; a failing channel does not stop the rest', async () => {
    const optedOutSms = await smsChat();
    await stores.smsContacts.setOptedOut(optedOutSms.phone, optedOutSms.conversationId, true, new Date('2026-05-01T09:00:00Z'), 'STOP');
    const smsOptedOut = await agreed(new Date('2026-06-01T07:00:00Z'), { sms: optedOutSms });
    const webOptedOut = await agreed(new Date('2026-06-01T07:05:00Z'));
    await stores.smsContacts.setOptedOut(webOptedOut.phone!, smsConversationId(SECRET, webOptedOut.phone!), true, new Date('2026-05-01T09:00:00Z'), 'STOP');
    const byPhoneCall = await agreed(new Date('2026-06-01T07:10:00Z'), { person: { contactMethod: 'phone' } });
    const byEmail = await agreed(new Date('2026-06-01T07:15:00Z'), { person: { contactMethod: 'email', contactValue: 'sam@example.org' } });
    const landline = await agreed(new Date('2026-06-01T07:20:00Z'), { person: { contactValue: '+441179000000' } });
    const gone = await agreed(new Date('2026-06-01T07:30:00Z'), { sms: await smsChat() });
    await stores.handoffs.eraseByPerson(gone.handoff.personId);
    const failing = await agreed(new Date('2026-06-01T07:45:00Z'), { sms: await smsChat() });
    const fine = await agreed(DUE, { sms: await smsChat() });
    const report = await followUps({ failFor: failing.handoff.conversationId }).sendDue();
    expect(report).toEqual({ sent: 1, skipped: 7 });
    expect(started.map((s) => s.reference.conversation?.id)).toEqual([fine.handoff.conversationId]);
    for (const skipped of [smsOptedOut, webOptedOut]) expect(await followUpOf(skipped.referral.reference)).toMatchObject({ sentAt: now, skipped: 'opted-out' });
    for (const skipped of [byPhoneCall, byEmail, landline, gone, failing]) expect(await followUpOf(skipped.referral.reference)).toMatchObject({ sentAt: now, skipped: 'unreachable' });
    // Nobody was made an SMS contact who is not texted.
    expect(await stores.smsContacts.byPhone(landline.phone!)).toBeUndefined();
  });

  it('with SMS off, nothing can be texted: every follow-up is skipped as unreachable, none counted as sent', async () => {
    const web = await agreed(DUE);
    const sms = await agreed(DUE, { sms: await smsChat() });
    expect(await followUps({ textsEnabled: false }).sendDue()).toEqual({ sent: 0, skipped: 2 });
    expect(started).toEqual([]);
    for (const skipped of [web, sms]) expect(await followUpOf(skipped.referral.reference)).toMatchObject({ skipped: 'unreachable' });
  });

  describe('when a chat closes', () => {
    async function closed(options: Parameters<typeof agreed>[1] = {}): Promise<Handoff> {
      const { handoff, referral } = await agreed(undefined, options);
      return { ...handoff, referralReference: referral.reference, status: 'closed', outcome: { type: 'signposted' } };
    }
    const asked = () => started.map((s) => s.event.value);

    it('offers a web chat patient a follow-up by text only when their referral says to text a mobile that has not opted out', async () => {
      const withMobile = await closed();
      await followUps().handoffClosed(withMobile);
      const phone = (await stores.referrals.get(withMobile.referralReference!))!.person.contactValue!;
      expect(asked()).toEqual([{ handoffId: withMobile.id, askSatisfaction: true, followUpReferral: withMobile.referralReference, followUpByText: { ending: phone.slice(-3) } }]);
      expect(started[0].reference).toEqual(withMobile.conversationReference);

      started = [];
      await followUps().handoffClosed(await closed({ person: { contactMethod: 'none', contactValue: undefined } }));
      const optedOut = await closed();
      const optedOutPhone = (await stores.referrals.get(optedOut.referralReference!))!.person.contactValue!;
      await stores.smsContacts.setOptedOut(optedOutPhone, smsConversationId(SECRET, optedOutPhone), true, now, 'STOP');
      await followUps().handoffClosed(optedOut);
      await followUps({ textsEnabled: false }).handoffClosed(await closed());
      // How it went is still asked in the chat; no follow-up is offered.
      expect(asked().map((v) => Object.keys(v as object).sort())).toEqual([['askSatisfaction', 'handoffId'], ['askSatisfaction', 'handoffId'], ['askSatisfaction', 'handoffId']]);
    });

    it('offers an SMS patient a follow-up in the same conversation, and asks nothing of a number that opted out', async () => {
      const sms = await smsChat();
      const bySms = await closed({ sms });
      await followUps().handoffClosed(bySms);
      expect(asked()).toEqual([{ handoffId: bySms.id, askSatisfaction: true, followUpReferral: bySms.referralReference }]);
      await stores.smsContacts.setOptedOut(sms.phone, sms.conversationId, true, now, 'STOP');
      await followUps().handoffClosed({ ...bySms, id: 'another' });
      expect(started).toHaveLength(1);
    });
  });

  it('runs by itself once started, and stops cleanly', async () => {
    await agreed(DUE);
    const service = followUps();
    service.start();
    for (let i = 0; i < 100 && started.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await service.stop();
    expect(started).toHaveLength(1);
  });
});
