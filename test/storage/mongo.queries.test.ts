/**
 * Issue 19, without a server: the exact filters, updates and options each MongoDB adapter method sends, after
 * mongoose's casting, recorded by the fake driver (test/fakes/fakeMongo.ts). A typo in an operator, a field name or
 * an option (upsert, sort, returnDocument) fails here. The fake also answers (mingo), so each method runs end to end.
 */
import { storesOnFakeMongo, type Call } from '../fakes/fakeMongo';
import { newHandoff, newReferral } from './records';

const anyDate = expect.any(Date) as unknown as Date;

describe('MongoDB adapter queries (fake driver)', () => {
  const db = storesOnFakeMongo();

  /** The calls to a collection, as [method, ...args], since the last reset. */
  const sent = (collection: string): unknown[][] => db.fake.callsTo(collection).map((c: Call) => [c.method, ...c.args]);
  const reset = () => {
    db.fake.calls.length = 0;
  };

  it('bot state: reads by $in, writes by conditional update or upsert, purges by updatedAt', async () => {
    await db.stores.botState.write({ k: { n: 1 } });
    expect(sent('botState')).toEqual([['updateOne', { _id: 'k' }, { $set: { eTag: expect.any(String), json: '{"n":1}', updatedAt: anyDate } }, { upsert: true }]]);
    const { k } = await db.stores.botState.read(['k', 'other']);
    expect(sent('botState')[1]).toEqual(['find', { _id: { $in: ['k', 'other'] } }, {}]);
    reset();
    await db.stores.botState.write({ k: { ...k, n: 2 } });
    expect(sent('botState')).toEqual([['updateOne', { _id: 'k', eTag: k.eTag }, { $set: { eTag: expect.any(String), json: '{"n":2}', updatedAt: anyDate } }, {}]]);
    reset();
    await db.stores.botState.purgeOlderThan(new Date('2024-01-01'));
    expect(sent('botState')).toEqual([['deleteMany', { updatedAt: { $lt: new Date('2024-01-01') } }, {}]]);
  });

  it('referrals: purge by createdAt, erase by person', async () => {
    await db.stores.referrals.create(newReferral());
    reset();
    await db.stores.referrals.purgeOlderThan(new Date('2024-01-01'));
    await db.stores.referrals.eraseByPerson('p1');
    expect(sent('referrals')).toEqual([
      ['deleteMany', { createdAt: { $lt: new Date('2024-01-01') } }, {}],
      ['deleteMany', { personId: 'p1' }, {}],
    ]);
  });

  it('handoffs: queue order, open-only changes, release unsets the claim, purge only closed ones', async () => {
    const handoff = await db.stores.handoffs.enqueue(newHandoff());
    reset();
    await db.stores.handoffs.escalate(handoff.id);
    expect(sent('handoffs')[0]).toEqual(['findOneAndUpdate', { _id: handoff.id, status: { $ne: 'closed' } }, { $set: { priority: 'urgent', priorityRank: 0 } }, expect.objectContaining({ returnDocument: 'after' })]);
    await db.stores.handoffs.claimNext('w1');
    expect(sent('handoffs')[1]).toEqual(['findOneAndUpdate', { status: 'waiting' }, expect.any(Array), expect.objectContaining({ sort: { priorityRank: 1, createdAt: 1, seq: 1 }, returnDocument: 'after' })]);
    reset();
    await db.stores.handoffs.release(handoff.id);
    expect(sent('handoffs')[0]).toEqual(['findOneAndUpdate', { _id: handoff.id, status: { $ne: 'closed' } }, { $set: { status: 'waiting' }, $unset: { claimedBy: 1, claimedAt: 1 } }, expect.objectContaining({ returnDocument: 'after' })]);
    reset();
    await db.stores.handoffs.appendMessage(handoff.id, { from: 'patient', text: 'hi', at: new Date('2025-01-01') });
    expect(sent('handoffs')[0]).toEqual(['updateOne', { _id: handoff.id }, { $push: { transcript: { from: 'patient', text: 'hi', at: new Date('2025-01-01') } } }, {}]);
    reset();
    await db.stores.handoffs.findOpenByConversation('c1');
    expect(sent('handoffs')[0]).toEqual(['findOne', { conversationId: 'c1', status: { $in: ['waiting', 'active'] } }, expect.objectContaining({ sort: { createdAt: -1 } })]);
    reset();
    await db.stores.handoffs.purgeOlderThan(new Date('2024-01-01'));
    expect(sent('handoffs')).toEqual([['deleteMany', { status: 'closed', closedAt: { $lt: new Date('2024-01-01') } }, {}]]);
  });

  it('web chat: watermarks by $inc in one findOneAndUpdate, pages by watermark, idle conversations whole', async () => {
    await db.stores.directLine.createConversation({ id: 'c1', userId: 'u1', createdAt: new Date() });
    reset();
    await db.stores.directLine.appendActivity('c1', { type: 'message', text: 'hi' });
    expect(sent('directLineConversations')).toEqual([['findOneAndUpdate', { _id: 'c1' }, { $inc: { lastWatermark: 1 }, $set: { lastActivityAt: anyDate } }, expect.objectContaining({ returnDocument: 'after' })]]);
    expect(sent('directLineActivities')).toEqual([['insertOne', { _id: 'c1|1', conversationId: 'c1', watermark: 1, json: '{"type":"message","text":"hi"}', createdAt: anyDate }, {}]]);
    reset();
    await db.stores.directLine.activitiesAfter('c1', 0, 50);
    expect(sent('directLineActivities')).toEqual([['find', { conversationId: 'c1', watermark: { $gt: 0 } }, expect.objectContaining({ sort: { watermark: 1 }, limit: 50 })]]);
    reset();
    const cutoff = new Date(Date.now() + 1000);
    expect(await db.stores.directLine.deleteConversationsIdleSince(cutoff)).toBe(1);
    expect(sent('directLineConversations')[0]).toEqual(['find', { lastActivityAt: { $lt: cutoff } }, expect.objectContaining({ projection: { _id: 1 } })]);
    expect(sent('directLineActivities')).toEqual([['deleteMany', { conversationId: { $in: ['c1'] } }, {}]]);
    expect(sent('directLineConversations')[1]).toEqual(['deleteMany', { _id: { $in: ['c1'] } }, {}]);
  });

  it('SMS outbox: a claim takes the oldest due text of each number by a conditional update; sends clear the lease', async () => {
    const now = new Date();
    const [text] = await db.stores.smsOutbox.enqueue([{ to: '+447700900001', conversationId: 'c1', body: 'hello', segments: 1, encoding: 'GSM-7' }], now);
    reset();
    const claimed = await db.stores.smsOutbox.claimDue(new Date(now.getTime() + 1), 5, 30_000);
    expect(claimed.map((m) => m.id)).toEqual([text.id]);
    const [aggregate, take] = sent('smsOutbox');
    expect(aggregate[0]).toBe('aggregate');
    expect((aggregate[1] as object[])[0]).toEqual({ $match: { status: { $in: ['queued', 'sending'] } } });
    expect(take).toEqual(['findOneAndUpdate', { _id: text.id, status: 'queued', attempts: 0 }, { $set: { status: 'sending', leaseUntil: anyDate }, $inc: { attempts: 1 } }, expect.objectContaining({ returnDocument: 'after' })]);
    reset();
    await db.stores.smsOutbox.markSent(text.id, 'SM1', now);
    expect(sent('smsOutbox')).toEqual([['updateOne', { _id: text.id }, { $set: { status: 'sent', providerId: 'SM1', sentAt: now }, $unset: { leaseUntil: 1 } }, {}]]);
  });

  it('SMS contacts: first text upserts with $setOnInsert; opt-outs are kept by the purge', async () => {
    const at = new Date();
    const { isNew } = await db.stores.smsContacts.seen('+447700900001', 'c1', at);
    expect(isNew).toBe(true);
    expect(sent('smsContacts')[1]).toEqual([
      'findOneAndUpdate',
      { _id: '+447700900001' },
      { $set: { lastSeenAt: at, conversationId: 'c1' }, $setOnInsert: { optedOut: false, choicesJson: '[]', firstSeenAt: at } },
      expect.objectContaining({ upsert: true, returnDocument: 'before' }),
    ]);
    reset();
    await db.stores.smsContacts.purgeNotSeenSince(at);
    expect(sent('smsContacts')).toEqual([['deleteMany', { lastSeenAt: { $lt: at }, optedOut: false }, {}]]);
  });

  it('console sessions: read only while unexpired, purge what has expired', async () => {
    const now = new Date();
    await db.stores.consoleSessions.get('s1', now);
    await db.stores.consoleSessions.purgeExpired(now);
    expect(sent('consoleSessions')).toEqual([
      ['findOne', { _id: 's1', expiresAt: { $gt: now } }, {}],
      ['deleteMany', { expiresAt: { $lte: now } }, {}],
    ]);
  });
});
