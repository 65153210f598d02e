/** Conformance: the Direct Line store (web chat conversations and their activity logs) on every adapter. */
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { ConversationNotFoundError, type DirectLineConversation } from '../../src/services/directline/DirectLineStore';
import { DAY_MS, newReferral } from './records';
import { describeEachAdapter } from './storeHarness';

function conversation(overrides: Partial<DirectLineConversation> = {}): DirectLineConversation {
  return { id: `dl-${randomUUID()}`, userId: `dl_${randomUUID()}`, locale: 'en-GB', createdAt: new Date('2025-05-01T09:00:00Z'), ...overrides };
}

const message = (text: string): Partial<Activity> => ({ type: 'message', text, from: { id: 'u', name: 'Sam', role: 'user' } });

describeEachAdapter('direct line', (h) => {
  it('creates a conversation once and reads it back', async () => {
    const s = h.stores().directLine;
    const c = conversation();
    expect(await s.createConversation(c)).toBe(true);
    expect(await s.createConversation({ ...c, userId: 'someone-else' })).toBe(false);
    expect(await s.getConversation(c.id)).toEqual({ ...c, lastActivityAt: c.createdAt });
    expect(await s.getConversation('nope')).toBeUndefined();
  });

  it('moves lastActivityAt with every activity appended (a conversation lives 24 h after its last activity)', async () => {
    const s = h.stores().directLine;
    const c = { ...conversation(), createdAt: new Date(Date.now() - 60_000) };
    await s.createConversation(c);
    const before = Date.now();
    await s.appendActivity(c.id, message('now'));
    expect((await s.getConversation(c.id))?.lastActivityAt?.getTime()).toBeGreaterThanOrEqual(before);
  });

  it('numbers activities 1, 2, 3 ... per conversation and reads them after a watermark, in order, paged', async () => {
    const s = h.stores().directLine;
    const a = conversation();
    const b = conversation();
    await s.createConversation(a);
    await s.createConversation(b);
    expect(await s.appendActivity(a.id, message('a1'))).toBe(1);
    expect(await s.appendActivity(b.id, message('b1'))).toBe(1);
    expect(await s.appendActivity(a.id, message('a2'))).toBe(2);
    expect(await s.appendActivity(a.id, message('a3'))).toBe(3);

    expect((await s.activitiesAfter(a.id, 0, 100)).map((x) => [x.watermark, x.activity.text])).toEqual([[1, 'a1'], [2, 'a2'], [3, 'a3']]);
    expect((await s.activitiesAfter(a.id, 1, 1)).map((x) => x.watermark)).toEqual([2]);
    expect(await s.activitiesAfter(a.id, 3, 100)).toEqual([]);
    expect((await s.activitiesAfter(b.id, 0, 100)).map((x) => x.activity.text)).toEqual(['b1']);
  });

  it('hands out distinct, gapless watermarks to 50 appends at once', async () => {
    const s = h.stores().directLine;
    const c = conversation();
    await s.createConversation(c);
    const watermarks = await Promise.all(Array.from({ length: 50 }, (_, i) => s.appendActivity(c.id, message(`m${i}`))));
    expect([...watermarks].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const stored = await s.activitiesAfter(c.id, 0, 100);
    expect(stored.map((x) => x.watermark)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // Each activity sits at the watermark its append was given.
    for (const [i, w] of watermarks.entries()) expect(stored[w - 1].activity.text).toBe(`m${i}`);
  });

  it('keeps activities exactly, including keys a document store may refuse ($schema, dots)', async () => {
    const s = h.stores().directLine;
    const c = conversation();
    await s.createConversation(c);
    const card: Partial<Activity> = {
      type: 'message',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', 'a.b': 1, body: [] } }],
      channelData: { clientActivityID: 'abc', nested: { list: [1, 'two', null] } },
    };
    await s.appendActivity(c.id, card);
    expect((await s.activitiesAfter(c.id, 0, 10))[0].activity).toEqual(card);
  });

  it('refuses an append to a conversation that does not exist', async () => {
    await expect(h.stores().directLine.appendActivity('missing', message('x'))).rejects.toBeInstanceOf(ConversationNotFoundError);
  });

  it('keeps conversations and activities across close and reopen, and carries on numbering', async () => {
    const c = conversation();
    await h.stores().directLine.createConversation(c);
    await h.stores().directLine.appendActivity(c.id, message('before'));
    const reopened = await h.reopen();
    expect(await reopened.directLine.getConversation(c.id)).toMatchObject(c);
    expect(await reopened.directLine.appendActivity(c.id, message('after'))).toBe(2);
    expect((await reopened.directLine.activitiesAfter(c.id, 0, 10)).map((x) => x.activity.text)).toEqual(['before', 'after']);
  });

  it('deletes one conversation with its activities', async () => {
    const s = h.stores().directLine;
    const c = conversation();
    const keep = conversation();
    await s.createConversation(c);
    await s.createConversation(keep);
    await s.appendActivity(c.id, message('x'));
    await s.appendActivity(keep.id, message('y'));
    expect(await s.deleteConversation(c.id)).toBe(true);
    expect(await s.deleteConversation(c.id)).toBe(false);
    expect(await s.getConversation(c.id)).toBeUndefined();
    expect(await s.activitiesAfter(c.id, 0, 10)).toEqual([]);
    expect(await s.activitiesAfter(keep.id, 0, 10)).toHaveLength(1);
  });

  it('retention removes conversations idle past RETENTION_DAYS, with their transcripts, and keeps active ones', async () => {
    const s = h.stores();
    const idle = conversation({ createdAt: new Date(Date.now() - 800 * DAY_MS) });
    const active = conversation({ createdAt: new Date(Date.now() - 800 * DAY_MS) });
    await s.directLine.createConversation(idle);
    await s.directLine.createConversation(active);
    await s.directLine.appendActivity(active.id, message('recent')); // activity now: no longer idle
    const report = await s.purgeExpired();
    expect(report.webChatConversations).toBe(1);
    expect(await s.directLine.getConversation(idle.id)).toBeUndefined();
    expect(await s.directLine.activitiesAfter(active.id, 0, 10)).toHaveLength(1);
    const later = await s.purgeExpired(new Date(Date.now() + 731 * DAY_MS));
    expect(later.webChatConversations).toBe(1);
    expect(await s.directLine.getConversation(active.id)).toBeUndefined();
  });

  it('expires a conversation whole: a long one keeps its first messages while it is active, on both adapters', async () => {
    // MongoDB once had a TTL index on each activity's creation date, so a long conversation lost its start while the
    // embedded store kept it whole. Now neither has: the retention sweep removes a conversation with every activity.
    const s = h.stores();
    const c = conversation();
    await s.directLine.createConversation(c);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(new Date(Date.now() - 800 * DAY_MS)); // the first message, long ago (past retention)
      await s.directLine.appendActivity(c.id, message('first, long ago'));
      jest.setSystemTime(new Date(Date.now() + 800 * DAY_MS)); // and today
      await s.directLine.appendActivity(c.id, message('today'));
    } finally {
      jest.useRealTimers();
    }
    await s.purgeExpired();
    expect((await s.directLine.activitiesAfter(c.id, 0, 10)).map((a) => a.activity.text)).toEqual(['first, long ago', 'today']);
    await s.purgeExpired(new Date(Date.now() + 731 * DAY_MS));
    expect(await s.directLine.getConversation(c.id)).toBeUndefined();
    expect(await s.directLine.activitiesAfter(c.id, 0, 10)).toEqual([]);
  });

  it('erasing a person removes the web chat transcripts their referrals name', async () => {
    const s = h.stores();
    const c = conversation();
    const other = conversation();
    await s.directLine.createConversation(c);
    await s.directLine.createConversation(other);
    await s.directLine.appendActivity(c.id, message('my name is Sam'));
    await s.referrals.create(newReferral({ personId: 'person-dl', channel: 'directline', conversationId: c.id }));
    const report = await s.erasePerson('person-dl');
    expect(report.webChatConversations).toBe(1);
    expect(await s.directLine.getConversation(c.id)).toBeUndefined();
    expect(await s.directLine.activitiesAfter(c.id, 0, 10)).toEqual([]);
    expect(await s.directLine.getConversation(other.id)).toMatchObject(other);
  });
});
