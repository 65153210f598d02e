/**
 * Conformance: erasure, access and retention across the ports, on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { conversationStateKey, PERSONAL_DATA_STORES } from '../../src/storage/shared/personalData';
import { DAY_MS, newHandoff, newReferral } from './records';
import { describeEachAdapter } from './storeHarness';

/** Stores that hold no patient's personal data, and why erasure and retention pass them by. */
const NOT_PATIENTS_DATA: Record<string, string> = {
  directory: 'services, not people',
  audit: 'who did what to which record id (link workers), kept as evidence',
  consoleUsers: "link workers' accounts, not patients'",
  consoleSessions: "link workers' sign-ins",
  reports: 'aggregate and de-identified figures',
  cannedReplies: "the team's saved replies (placeholders, filled in only when sent)",
  practices: 'GP practices from NHS ODS, not people',
};

describeEachAdapter('personal data', (h) => {
  it('walks one list that names every store holding personal data, each as the record, state or a transport queue', () => {
    const ports = Object.entries(h.stores()).filter(([, value]) => typeof value === 'object' && value !== null).map(([name]) => name);
    expect(ports.filter((name) => !(name in NOT_PATIENTS_DATA)).sort()).toEqual(Object.keys(PERSONAL_DATA_STORES).sort());
    const roles = Object.fromEntries(Object.entries(PERSONAL_DATA_STORES).map(([name, store]) => [name, store.role]));
    expect(roles).toEqual({ referrals: 'record', handoffs: 'record', botState: 'state', recentTurns: 'state', directLine: 'transport', smsOutbox: 'transport', smsContacts: 'transport' });
  });

  it('erases a person from referrals, the handoff queue with its transcripts, and their conversation state', async () => {
    const s = h.stores();
    const personId = 'person-erase';
    const referral = await s.referrals.create(newReferral({ personId, conversationId: 'conv-1' }));
    const handoff = await s.handoffs.enqueue(newHandoff({ personId, conversationId: 'conv-1', referralReference: referral.reference }));
    await s.handoffs.appendMessage(handoff.id, { from: 'patient', text: 'private words', at: new Date() });
    await s.botState.write({ [conversationStateKey('directline', 'conv-1')]: { dialogStack: [] }, 'directline/conversations/other/': { keep: true } });
    const at = new Date().toISOString();
    await s.recentTurns.append({ channel: 'directline', conversationId: 'conv-1' }, [{ from: 'patient', text: 'private words', at }, { from: 'bot', text: 'Thank you', at }], 400);
    await s.recentTurns.append({ channel: 'directline', conversationId: 'other' }, [{ from: 'patient', text: 'someone else', at }], 400);
    const keep = await s.referrals.create(newReferral());

    const report = await s.erasePerson(personId);
    expect(report).toEqual({ referrals: 1, handoffs: 1, conversationStates: 1, recentTurns: 2, webChatConversations: 0, smsConversations: 0 });
    expect(await s.recentTurns.read({ channel: 'directline', conversationId: 'conv-1' }, 400)).toEqual([]);
    expect((await s.recentTurns.read({ channel: 'directline', conversationId: 'other' }, 400)).map((l) => l.text)).toEqual(['someone else']);
    expect(await s.referrals.get(referral.reference)).toBeNull();
    expect(await s.handoffs.get(handoff.id)).toBeNull();
    expect(await s.handoffs.list('waiting')).toEqual([]);
    expect(Object.keys(await s.botState.read([conversationStateKey('directline', 'conv-1'), 'directline/conversations/other/']))).toEqual(['directline/conversations/other/']);
    expect(await s.referrals.get(keep.reference)).not.toBeNull();
    expect(await s.exportPerson(personId)).toEqual({ personId, referrals: [], handoffs: [] });

    const reopened = await h.reopen();
    expect(await reopened.referrals.get(referral.reference)).toBeNull();
    expect(await reopened.handoffs.get(handoff.id)).toBeNull();
  });

  it('exports everything held about a person', async () => {
    const s = h.stores();
    const referral = await s.referrals.create(newReferral({ personId: 'p1' }));
    const handoff = await s.handoffs.enqueue(newHandoff({ personId: 'p1' }));
    await s.referrals.create(newReferral({ personId: 'p2' }));
    expect(await s.exportPerson('p1')).toEqual({ personId: 'p1', referrals: [referral], handoffs: [handoff] });
  });

  it('purges personal data past retention and keeps what is within it', async () => {
    const s = h.stores();
    const referral = await s.referrals.create(newReferral());
    const open = await s.handoffs.enqueue(newHandoff());
    const closed = await s.handoffs.close((await s.handoffs.enqueue(newHandoff())).id, { type: 'referred' });
    await s.botState.write({ key: { n: 1 } });
    await s.recentTurns.append({ channel: 'sms', conversationId: 'c1' }, [{ from: 'patient', text: 'hello', at: new Date().toISOString() }], 400);
    await s.audit.append({ actor: 'w', action: 'claim', recordType: 'handoff', recordId: open.id });

    const soon = await s.purgeExpired(new Date(Date.now() + 729 * DAY_MS));
    expect(soon).toMatchObject({ referrals: 0, handoffs: 0, botState: 0, recentTurns: 0 });
    const later = await s.purgeExpired(new Date(Date.now() + 731 * DAY_MS));
    expect(later).toMatchObject({ referrals: 1, handoffs: 1, botState: 1, recentTurns: 1 });
    expect(later.cutoff.getTime()).toBeGreaterThan(Date.now());
    expect(await s.referrals.get(referral.reference)).toBeNull();
    expect(await s.handoffs.get(closed.id)).toBeNull();
    // Open work is never dropped, and the audit log (ids only, no personal data) is kept.
    expect(await s.handoffs.get(open.id)).not.toBeNull();
    expect(await s.audit.listByRecord('handoff', open.id)).toHaveLength(1);
    expect(await s.botState.read(['key'])).toEqual({});
  });

  it('answers ping while open, and says which store it is', async () => {
    expect(await h.stores().ping()).toBe(true);
    expect(h.stores().kind).toBe(h.adapter.name === 'mongo-fake' ? 'mongo' : h.adapter.name);
  });
});
