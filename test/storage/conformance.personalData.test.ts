/**
 * Conformance: erasure, access and retention across the ports, on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { conversationStateKey } from '../../src/storage/shared/personalData';
import { DAY_MS, newHandoff, newReferral } from './records';
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('personal data', (h) => {
  it('erases a person from referrals, the handoff queue with its transcripts, and their conversation state', async () => {
    const s = h.stores();
    const personId = 'person-erase';
    const referral = await s.referrals.create(newReferral({ personId, conversationId: 'conv-1' }));
    const handoff = await s.handoffs.enqueue(newHandoff({ personId, conversationId: 'conv-1', referralReference: referral.reference }));
    await s.handoffs.appendMessage(handoff.id, { from: 'patient', text: 'private words', at: new Date() });
    await s.botState.write({ [conversationStateKey('directline', 'conv-1')]: { dialogStack: [] }, 'directline/conversations/other/': { keep: true } });
    const keep = await s.referrals.create(newReferral());

    const report = await s.erasePerson(personId);
    expect(report).toEqual({ referrals: 1, handoffs: 1, conversationStates: 1, webChatConversations: 0, smsConversations: 0 });
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
    await s.audit.append({ actor: 'w', action: 'claim', recordType: 'handoff', recordId: open.id });

    const soon = await s.purgeExpired(new Date(Date.now() + 729 * DAY_MS));
    expect(soon).toMatchObject({ referrals: 0, handoffs: 0, botState: 0 });
    const later = await s.purgeExpired(new Date(Date.now() + 731 * DAY_MS));
    expect(later).toMatchObject({ referrals: 1, handoffs: 1, botState: 1 });
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
