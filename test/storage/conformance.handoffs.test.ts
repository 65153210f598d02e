/**
 * Conformance: the link-worker HandoffQueue on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { HandoffConflictError } from '../../src/services/handoff/HandoffQueue';
import { NotFoundError } from '../../src/services/referrals/ReferralRepository';
import { InvalidRecordError } from '../../src/storage/shared/validation';
import { newHandoff } from './records';
import { describeEachAdapter } from './storeHarness';

const tick = () => new Promise((resolve) => setTimeout(resolve, 3));

describeEachAdapter('handoff queue', (h) => {
  it('enqueues a waiting handoff and reads it back intact, Dates as Dates', async () => {
    const input = newHandoff({ transcript: [{ from: 'patient', text: 'hello', at: new Date('2025-01-01T09:00:00Z') }], referralReference: 'SP-1' });
    const queued = await h.stores().handoffs.enqueue(input);
    expect(queued).toMatchObject({ status: 'waiting', priority: 'normal', personId: input.personId, referralReference: 'SP-1', notes: [] });
    expect(queued.createdAt).toBeInstanceOf(Date);
    expect(queued.conversationReference).toEqual(input.conversationReference);
    const read = await h.stores().handoffs.get(queued.id);
    expect(read).toEqual(queued);
    expect(read?.transcript[0].at).toBeInstanceOf(Date);
    expect(await h.stores().handoffs.get('no-such-id')).toBeNull();
  });

  it('keeps the needs and the risk (kinds and words) it was queued with, as fields', async () => {
    const queued = await h.stores().handoffs.enqueue(newHandoff({ needs: ['loneliness', 'money'], risk: { kinds: ['suicide'], words: 'I want to end it' } }));
    expect(await h.stores().handoffs.get(queued.id)).toMatchObject({ needs: ['loneliness', 'money'], risk: { kinds: ['suicide'], words: 'I want to end it' } });
  });

  it('stamps firstReplyAt with the first worker message only (not the person\'s, not later ones)', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    await q.appendMessage(queued.id, { from: 'patient', text: 'hello?', at: new Date('2025-01-01T09:00:00Z') });
    expect((await q.get(queued.id))?.firstReplyAt).toBeUndefined();
    await q.appendMessage(queued.id, { from: 'worker', text: 'Hi, I am Sam', at: new Date('2025-01-01T09:05:00Z'), workerId: 'w1', workerName: 'Sam' });
    await q.appendMessage(queued.id, { from: 'worker', text: 'Are you there?', at: new Date('2025-01-01T09:09:00Z'), workerId: 'w1', workerName: 'Sam' });
    const read = await q.get(queued.id);
    expect(read?.firstReplyAt).toEqual(new Date('2025-01-01T09:05:00Z'));
    expect(read?.transcript).toHaveLength(3);
  });

  it('refuses a malformed handoff with a clear error', async () => {
    await expect(h.stores().handoffs.enqueue(newHandoff({ priority: 'whenever' as never }))).rejects.toBeInstanceOf(InvalidRecordError);
    expect((await h.stores().handoffs.stats()).waiting).toBe(0);
  });

  it('claims urgent before normal, and the oldest first within a priority', async () => {
    const q = h.stores().handoffs;
    const normalOld = await q.enqueue(newHandoff({ priority: 'normal' }));
    await tick();
    const urgentOld = await q.enqueue(newHandoff({ priority: 'urgent' }));
    await tick();
    const normalNew = await q.enqueue(newHandoff({ priority: 'normal' }));
    const urgentNew = await q.enqueue(newHandoff({ priority: 'urgent' }));
    expect((await q.list('waiting')).map((x) => x.id)).toEqual([urgentOld.id, urgentNew.id, normalOld.id, normalNew.id]);
    const order = [];
    for (let i = 0; i < 4; i += 1) order.push((await q.claimNext('worker-1'))?.id);
    expect(order).toEqual([urgentOld.id, urgentNew.id, normalOld.id, normalNew.id]);
    expect(await q.claimNext('worker-1')).toBeNull();
  });

  it('keeps arrival order for handoffs enqueued within the same millisecond', async () => {
    const q = h.stores().handoffs;
    const ids = [];
    for (let i = 0; i < 10; i += 1) ids.push((await q.enqueue(newHandoff())).id);
    expect((await q.list('waiting')).map((x) => x.id)).toEqual(ids);
  });

  it('gives 50 concurrent claimNext over 20 handoffs 20 distinct winners, and null to the rest', async () => {
    const q = h.stores().handoffs;
    const ids = new Set<string>();
    for (let i = 0; i < 20; i += 1) ids.add((await q.enqueue(newHandoff({ priority: i % 3 === 0 ? 'urgent' : 'normal' }))).id);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => q.claimNext(`worker-${i}`)));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(20);
    expect(new Set(winners.map((w) => w.id))).toEqual(ids);
    expect(results.filter((r) => r === null)).toHaveLength(30);
    for (const [i, r] of results.entries()) {
      if (r) expect(r).toMatchObject({ status: 'active', claimedBy: `worker-${i}` });
    }
    const active = await q.list('active');
    expect(active).toHaveLength(20);
    for (const a of active) expect(winners.find((w) => w.id === a.id)?.claimedBy).toBe(a.claimedBy);
    expect(await q.stats()).toEqual({ waiting: 0, oldestWaitMs: null });
  });

  it('claims a given handoff: idempotent for the same worker, a conflict for another, NotFound when absent', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    const claimed = await q.claim(queued.id, 'worker-a');
    expect(claimed).toMatchObject({ status: 'active', claimedBy: 'worker-a' });
    expect(claimed.claimedAt).toBeInstanceOf(Date);
    const again = await q.claim(queued.id, 'worker-a');
    expect(again.claimedAt).toEqual(claimed.claimedAt);
    await expect(q.claim(queued.id, 'worker-b')).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.claim('no-such-id', 'worker-a')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets exactly one of many concurrent claims of one handoff win', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => q.claim(queued.id, `worker-${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(HandoffConflictError);
  });

  it('transfers an active handoff from its holder to a colleague; a conflict from anyone else or once not active', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    await expect(q.transfer(queued.id, 'worker-a', 'worker-b')).rejects.toBeInstanceOf(HandoffConflictError);
    const claimed = await q.claim(queued.id, 'worker-a');
    await tick();
    await expect(q.transfer(queued.id, 'worker-c', 'worker-b')).rejects.toBeInstanceOf(HandoffConflictError);
    const moved = await q.transfer(queued.id, 'worker-a', 'worker-b');
    expect(moved).toMatchObject({ status: 'active', claimedBy: 'worker-b' });
    expect(moved.claimedAt!.getTime()).toBeGreaterThan(claimed.claimedAt!.getTime());
    expect(moved.firstClaimedAt).toEqual(claimed.firstClaimedAt);
    expect((await q.get(queued.id))?.claimedBy).toBe('worker-b');
    await q.close(queued.id, { type: 'signposted' });
    await expect(q.transfer(queued.id, 'worker-b', 'worker-a')).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.transfer('no-such-id', 'worker-a', 'worker-b')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps a web chat person\'s consent to be texted; their SMS conversation then finds the open handoff; refused once closed or malformed', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    const textBack = { phone: '+447700900123', conversationId: 'sms-conv-1', consentAt: new Date('2026-12-06T21:00:00Z') };
    expect(await q.findOpenByConversation('sms-conv-1')).toBeNull();
    expect((await q.setTextBack(queued.id, textBack)).textBack).toEqual(textBack);
    expect((await q.get(queued.id))?.textBack).toEqual(textBack);
    expect((await q.findOpenByConversation('sms-conv-1'))?.id).toBe(queued.id);
    expect((await q.findOpenByConversation(queued.conversationId))?.id).toBe(queued.id);
    await q.appendMessage(queued.id, { from: 'worker', text: 'By text', at: new Date(), workerId: 'w', workerName: 'Sam', channel: 'sms' });
    expect((await q.get(queued.id))?.transcript.at(-1)).toMatchObject({ channel: 'sms' });
    await expect(q.setTextBack(queued.id, { ...textBack, phone: '0161 496 0000' })).rejects.toBeInstanceOf(InvalidRecordError);
    await q.close(queued.id, { type: 'signposted' });
    expect(await q.findOpenByConversation('sms-conv-1')).toBeNull();
    await expect(q.setTextBack(queued.id, textBack)).rejects.toBeInstanceOf(HandoffConflictError);
  });

  it('releases a claimed handoff back to waiting, unclaimed, in its old place', async () => {
    const q = h.stores().handoffs;
    const first = await q.enqueue(newHandoff());
    await tick();
    await q.enqueue(newHandoff());
    await q.claim(first.id, 'worker-a');
    const released = await q.release(first.id);
    expect(released.status).toBe('waiting');
    expect(released.claimedBy).toBeUndefined();
    expect(released.claimedAt).toBeUndefined();
    expect((await q.claimNext('worker-b'))?.id).toBe(first.id);
    await expect(q.release('no-such-id')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('closes with an outcome; a closed handoff cannot be claimed, released or closed again', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    await q.claim(queued.id, 'worker-a');
    const closed = await q.close(queued.id, { type: 'signposted', detail: 'walking group' });
    expect(closed).toMatchObject({ status: 'closed', outcome: { type: 'signposted', detail: 'walking group' } });
    expect(closed.closedAt).toBeInstanceOf(Date);
    await expect(q.claim(queued.id, 'worker-a')).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.release(queued.id)).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.close(queued.id, { type: 'referred' })).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.close('no-such-id', { type: 'referred' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(q.close((await q.enqueue(newHandoff())).id, { type: 'lost' as never })).rejects.toBeInstanceOf(InvalidRecordError);
    expect((await q.list('closed')).map((x) => x.id)).toEqual([queued.id]);
  });

  it('appends transcript entries and notes in order', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff({ transcript: [{ from: 'bot', text: 'one', at: new Date() }] }));
    await q.appendMessage(queued.id, { from: 'patient', text: 'two', at: new Date() });
    await q.appendMessage(queued.id, { from: 'worker', text: 'three', at: new Date(), workerId: 'w1', workerName: 'Ali' });
    await q.appendNote(queued.id, { workerId: 'w1', text: 'called back', at: new Date() });
    const read = await q.get(queued.id);
    expect(read?.transcript.map((t) => t.text)).toEqual(['one', 'two', 'three']);
    expect(read?.transcript[2]).toMatchObject({ workerId: 'w1', workerName: 'Ali' });
    expect(read?.transcript[2].at).toBeInstanceOf(Date);
    expect(read?.notes).toEqual([expect.objectContaining({ workerId: 'w1', text: 'called back' })]);
    await expect(q.appendMessage('no-such-id', { from: 'patient', text: 'x', at: new Date() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(q.appendNote('no-such-id', { workerId: 'w', text: 'x', at: new Date() })).rejects.toBeInstanceOf(NotFoundError);
    await expect(q.appendMessage(queued.id, { from: 'alien' as never, text: 'x', at: new Date() })).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('finds the open handoff of a conversation, and none once it is closed', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff({ conversationId: 'conv-open' }));
    expect((await q.findOpenByConversation('conv-open'))?.id).toBe(queued.id);
    await q.claim(queued.id, 'w');
    expect((await q.findOpenByConversation('conv-open'))?.id).toBe(queued.id);
    await q.close(queued.id, { type: 'handed-back' });
    expect(await q.findOpenByConversation('conv-open')).toBeNull();
  });

  it('reports how many wait and how long the oldest has waited', async () => {
    const q = h.stores().handoffs;
    expect(await q.stats()).toEqual({ waiting: 0, oldestWaitMs: null });
    const first = await q.enqueue(newHandoff());
    await new Promise((resolve) => setTimeout(resolve, 30));
    await q.enqueue(newHandoff({ priority: 'urgent' }));
    const stats = await q.stats();
    expect(stats.waiting).toBe(2);
    expect(stats.oldestWaitMs).toBeGreaterThanOrEqual(25);
    expect(stats.oldestWaitMs).toBeLessThanOrEqual(Date.now() - first.createdAt.getTime());
  });

  it('exports and erases one person, transcripts included, leaving others', async () => {
    const q = h.stores().handoffs;
    const mine = await q.enqueue(newHandoff({ personId: 'person-x', transcript: [{ from: 'patient', text: 'my story', at: new Date() }] }));
    const other = await q.enqueue(newHandoff());
    expect((await q.exportByPerson('person-x')).map((x) => x.id)).toEqual([mine.id]);
    expect(await q.eraseByPerson('person-x')).toBe(1);
    expect(await q.get(mine.id)).toBeNull();
    expect(await q.exportByPerson('person-x')).toEqual([]);
    expect((await q.list('waiting')).map((x) => x.id)).toEqual([other.id]);
  });

  it('purges only closed handoffs closed before the cutoff', async () => {
    const q = h.stores().handoffs;
    const open = await q.enqueue(newHandoff());
    const done = await q.enqueue(newHandoff());
    const closed = await q.close(done.id, { type: 'no-contact' });
    expect(await q.purgeOlderThan(closed.closedAt as Date)).toBe(0);
    expect(await q.purgeOlderThan(new Date(Date.now() + 60_000))).toBe(1);
    expect(await q.get(done.id)).toBeNull();
    expect(await q.get(open.id)).not.toBeNull();
  });

  it('keeps when a handoff was first claimed through a release and a second claim', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    expect(queued.firstClaimedAt).toBeUndefined();
    const first = await q.claimNext('worker-1');
    expect(first?.firstClaimedAt).toBeInstanceOf(Date);
    await q.release(queued.id);
    await tick();
    const again = await q.claim(queued.id, 'worker-2');
    expect(again.firstClaimedAt).toEqual(first?.firstClaimedAt);
    expect(again.claimedAt!.getTime()).toBeGreaterThan(first!.firstClaimedAt!.getTime());
    expect((await q.get(queued.id))?.firstClaimedAt).toEqual(first?.firstClaimedAt);
  });

  it('records satisfaction after closing, replaces it on a later answer, and refuses a score outside 1-5', async () => {
    const q = h.stores().handoffs;
    const queued = await q.enqueue(newHandoff());
    await q.claim(queued.id, 'worker-1');
    await q.close(queued.id, { type: 'signposted' });
    const at = new Date('2026-05-01T10:00:00Z');
    expect((await q.recordSatisfaction(queued.id, { score: 4, comment: 'kind and quick', at })).satisfaction).toEqual({ score: 4, comment: 'kind and quick', at });
    expect((await q.recordSatisfaction(queued.id, { score: 5, at })).satisfaction).toEqual({ score: 5, at });
    expect((await q.get(queued.id))?.satisfaction).toEqual({ score: 5, at });
    await expect(q.recordSatisfaction(queued.id, { score: 6, at })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(q.recordSatisfaction(queued.id, { score: 2.5, at })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(q.recordSatisfaction('no-such-id', { score: 3, at })).rejects.toBeInstanceOf(NotFoundError);
    expect((await q.get(queued.id))?.satisfaction?.score).toBe(5);
  });

  it('escalates an open handoff to urgent, moving it ahead of normal ones; not once closed', async () => {
    const q = h.stores().handoffs;
    const first = await q.enqueue(newHandoff());
    await tick();
    const second = await q.enqueue(newHandoff());
    expect((await q.escalate(second.id)).priority).toBe('urgent');
    expect((await q.list('waiting')).map((x) => x.id)).toEqual([second.id, first.id]);
    expect((await q.claimNext('worker-1'))?.id).toBe(second.id);
    expect((await q.escalate(second.id)).status).toBe('active');
    await q.close(second.id, { type: 'signposted' });
    await expect(q.escalate(second.id)).rejects.toBeInstanceOf(HandoffConflictError);
    await expect(q.escalate('no-such-id')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('keeps the queue across close and reopen', async () => {
    const q = h.stores().handoffs;
    const a = await q.enqueue(newHandoff());
    const b = await q.enqueue(newHandoff({ priority: 'urgent' }));
    await q.claim(a.id, 'w');
    await q.appendMessage(a.id, { from: 'worker', text: 'hi', at: new Date() });
    const before = [await q.get(a.id), await q.get(b.id)];
    const reopened = await h.reopen();
    expect([await reopened.handoffs.get(a.id), await reopened.handoffs.get(b.id)]).toEqual(before);
    expect((await reopened.handoffs.claimNext('w2'))?.id).toBe(b.id);
  });

  it('over a long run of handoffs queued, claimed, released, escalated, closed and erased, with reopens, claims and stats agree with the waiting list', async () => {
    // A fixed pseudo-random run (the same every time); list('waiting') and get() are the reference.
    let seed = 20261206;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const people = ['p0', 'p1', 'p2', 'p3'];
    let q = h.stores().handoffs;
    const known: string[] = [];
    const pick = async (status: 'waiting' | 'active' | 'open'): Promise<string | undefined> => {
      const matching = [];
      for (const id of known) {
        const handoff = await q.get(id);
        if (handoff && (status === 'open' ? handoff.status !== 'closed' : handoff.status === status)) matching.push(id);
      }
      return matching.length ? matching[random(matching.length)] : undefined;
    };
    let claims = 0;
    for (let step = 0; step < 200; step++) {
      const roll = random(100);
      if (roll < 30) {
        known.push((await q.enqueue(newHandoff({ personId: people[random(people.length)], priority: random(4) === 0 ? 'urgent' : 'normal' }))).id);
      } else if (roll < 55) {
        const expected = (await q.list('waiting'))[0]?.id ?? null;
        const claimed = await q.claimNext(`worker-${step}`);
        expect(claimed?.id ?? null).toBe(expected);
        if (claimed) claims += 1;
      } else if (roll < 62) {
        const id = await pick('waiting');
        if (id) await q.claim(id, `worker-${step}`);
      } else if (roll < 72) {
        const id = await pick('active');
        if (id) await q.release(id);
      } else if (roll < 80) {
        const id = await pick('open');
        if (id) await q.escalate(id);
      } else if (roll < 92) {
        const id = await pick('open');
        if (id) await q.close(id, { type: 'signposted' });
      } else if (roll < 97) {
        await q.eraseByPerson(people[random(people.length)]);
      } else {
        q = (await h.reopen()).handoffs;
      }
      const waiting = await q.list('waiting');
      const before = Date.now();
      const stats = await q.stats();
      const after = Date.now();
      expect(stats.waiting).toBe(waiting.length);
      const oldest = waiting.length ? Math.min(...waiting.map((x) => x.createdAt.getTime())) : undefined;
      if (oldest === undefined) expect(stats.oldestWaitMs).toBeNull();
      else {
        expect(stats.oldestWaitMs).toBeGreaterThanOrEqual(before - oldest);
        expect(stats.oldestWaitMs).toBeLessThanOrEqual(after - oldest);
      }
    }
    expect(claims).toBeGreaterThan(20);
  });
});
