/** Conformance: the SMS outbox and SMS contacts on every adapter. */
import type { NewOutgoingSms } from '../../src/services/sms/SmsOutbox';
import { newReferral } from './records';
import { describeEachAdapter } from './storeHarness';

const MINUTE = 60_000;
const text = (conversationId: string, body: string, extra: Partial<NewOutgoingSms> = {}): NewOutgoingSms => ({
  to: `+44770090${conversationId.replace(/\D/g, '').padStart(4, '0').slice(-4)}`, conversationId, body, segments: 1, encoding: 'GSM-7', ...extra,
});

describeEachAdapter('sms outbox', (h) => {
  it('queues messages in order with ids, queued and due now, and reads them back', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date('2025-06-01T10:00:00Z');
    const [a, b] = await outbox.enqueue([text('c1', 'one', { inReplyTo: 'SMin1' }), text('c1', 'two', { inReplyTo: 'SMin1' })], now);
    expect(a).toMatchObject({ status: 'queued', attempts: 0, body: 'one', conversationId: 'c1', createdAt: now, nextAttemptAt: now, segments: 1, encoding: 'GSM-7' });
    expect(a.id).not.toBe(b.id);
    expect(b.seq).toBeGreaterThan(a.seq);
    expect(await outbox.get(a.id)).toEqual(a);
    expect((await outbox.repliesTo('SMin1')).map((m) => m.body)).toEqual(['one', 'two']);
    expect((await outbox.listByConversation('c1')).map((m) => m.body)).toEqual(['one', 'two']);
    expect(await outbox.pendingCount()).toBe(2);
    expect(await outbox.get('nope')).toBeUndefined();
  });

  it('claims only the oldest unsent message of each number, and only when due', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    await outbox.enqueue([text('c1', 'c1-first'), text('c1', 'c1-second')], now);
    await outbox.enqueue([text('c2', 'c2-first')], now);
    const first = await outbox.claimDue(now, 10, MINUTE);
    expect(first.map((m) => m.body).sort()).toEqual(['c1-first', 'c2-first']);
    expect(first.every((m) => m.status === 'sending' && m.attempts === 1)).toBe(true);
    // c1-second waits until c1-first is done.
    expect(await outbox.claimDue(now, 10, MINUTE)).toEqual([]);
    const c1 = first.find((m) => m.conversationId === 'c1');
    await outbox.markSent(c1!.id, 'SMprovider1', now);
    expect((await outbox.claimDue(now, 10, MINUTE)).map((m) => m.body)).toEqual(['c1-second']);
  });

  it('claims urgent messages (urgentOnly) past anything ahead of them, a live claim included, oldest first', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    await outbox.enqueue([text('c1', 'ordinary')], now);
    expect(await outbox.claimDue(now, 10, MINUTE)).toHaveLength(1);
    await outbox.enqueue([text('c1', 'later ordinary'), text('c1', 'crisis 1', { urgent: true }), text('c1', 'crisis 2', { urgent: true })], now);
    await outbox.enqueue([text('c2', 'other')], now);
    expect(await outbox.claimDue(now, 10, MINUTE, { urgentOnly: true })).toEqual([
      expect.objectContaining({ body: 'crisis 1', urgent: true, status: 'sending' }),
      expect.objectContaining({ body: 'crisis 2', urgent: true, status: 'sending' }),
    ]);
    expect(await outbox.claimDue(now, 10, MINUTE, { urgentOnly: true })).toEqual([]);
    expect((await outbox.claimDue(now, 10, MINUTE)).map((m) => m.body)).toEqual(['other']);
  });

  it('keeps a number waiting behind a message that is to be retried later, then sends in order', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    const [first] = await outbox.enqueue([text('c1', 'first'), text('c1', 'second')], now);
    await outbox.claimDue(now, 10, MINUTE);
    await outbox.markRetry(first.id, 'Twilio answered 500', new Date(now.getTime() + MINUTE));
    expect(await outbox.claimDue(now, 10, MINUTE)).toEqual([]);
    const later = new Date(now.getTime() + MINUTE);
    const retried = await outbox.claimDue(later, 10, MINUTE);
    expect(retried.map((m) => [m.body, m.attempts, m.lastError])).toEqual([['first', 2, 'Twilio answered 500']]);
  });

  it('gives a message whose lease ran out (a worker died mid-send) to the next claim', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    await outbox.enqueue([text('c1', 'hello')], now);
    expect(await outbox.claimDue(now, 10, MINUTE)).toHaveLength(1);
    expect(await outbox.claimDue(new Date(now.getTime() + MINUTE - 1), 10, MINUTE)).toEqual([]);
    expect(await outbox.claimDue(new Date(now.getTime() + MINUTE), 10, MINUTE)).toHaveLength(1);
  });

  it('hands each message to one of many concurrent claimers', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    for (let i = 0; i < 20; i++) await outbox.enqueue([text(`c${i}`, `m${i}`)], now);
    const claims = await Promise.all(Array.from({ length: 30 }, () => outbox.claimDue(now, 3, MINUTE)));
    const ids = claims.flat().map((m) => m.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it('respects the claim limit, oldest first', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    for (let i = 0; i < 5; i++) await outbox.enqueue([text(`c${i}`, `m${i}`)], now);
    expect((await outbox.claimDue(now, 2, MINUTE)).map((m) => m.body)).toEqual(['m0', 'm1']);
    expect(await outbox.claimDue(now, 0, MINUTE)).toEqual([]);
  });

  it('records sent, failed and cancelled, none of which is claimed again, and delivery statuses', async () => {
    const outbox = h.stores().smsOutbox;
    const now = new Date();
    const [a] = await outbox.enqueue([text('c1', 'a')], now);
    const [b] = await outbox.enqueue([text('c2', 'b')], now);
    const [c] = await outbox.enqueue([text('c3', 'c')], now);
    await outbox.claimDue(now, 10, MINUTE);
    await outbox.markSent(a.id, 'SMabc', now);
    await outbox.markFailed(b.id, 'Twilio answered 400 (code 21211)');
    await outbox.markCancelled(c.id, 'opted out');
    expect(await outbox.claimDue(new Date(now.getTime() + 10 * MINUTE), 10, MINUTE)).toEqual([]);
    expect(await outbox.pendingCount()).toBe(0);
    expect(await outbox.get(a.id)).toMatchObject({ status: 'sent', providerId: 'SMabc', sentAt: now });
    expect((await outbox.get(a.id))?.leaseUntil).toBeUndefined();
    expect(await outbox.get(b.id)).toMatchObject({ status: 'failed', lastError: 'Twilio answered 400 (code 21211)' });
    expect(await outbox.get(c.id)).toMatchObject({ status: 'cancelled' });
    expect(await outbox.recordDelivery(a.id, 'delivered', undefined, now)).toBe(true);
    expect((await outbox.get(a.id))?.delivery).toEqual({ status: 'delivered', at: now });
    expect(await outbox.recordDelivery(a.id, 'undelivered', '30003', now)).toBe(true);
    expect((await outbox.get(a.id))?.delivery).toEqual({ status: 'undelivered', errorCode: '30003', at: now });
    expect(await outbox.recordDelivery('nope', 'delivered', undefined, now)).toBe(false);
  });

  it('keeps queued messages across close and reopen', async () => {
    const now = new Date();
    await h.stores().smsOutbox.enqueue([text('c1', 'survives')], now);
    const reopened = await h.reopen();
    expect((await reopened.smsOutbox.claimDue(now, 10, MINUTE)).map((m) => m.body)).toEqual(['survives']);
  });

  it('erases a conversation and purges finished messages past retention, never pending ones', async () => {
    const outbox = h.stores().smsOutbox;
    const old = new Date('2020-01-01T00:00:00Z');
    const [sent] = await outbox.enqueue([text('c1', 'old sent')], old);
    await outbox.enqueue([text('c2', 'old pending')], old);
    await outbox.enqueue([text('c3', 'new')], new Date());
    await outbox.claimDue(old, 1, MINUTE);
    await outbox.markSent(sent.id, 'SMx', old);
    expect(await outbox.purgeBefore(new Date('2021-01-01T00:00:00Z'))).toBe(1);
    expect(await outbox.pendingCount()).toBe(2);
    expect(await outbox.eraseConversation('c3')).toBe(1);
    expect(await outbox.listByConversation('c3')).toEqual([]);
  });

  it('over a long run of sends, retries, failures, leases running out, erasures and reopens, claims and the pending count agree with what is stored', async () => {
    // A fixed pseudo-random run (the same every time), checked at each step against the texts themselves.
    let seed = 20261206;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const conversations = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
    let outbox = h.stores().smsOutbox;
    let now = new Date('2025-06-01T10:00:00Z');
    const later = (ms: number): Date => new Date(now.getTime() + ms);
    const stored = async () => (await Promise.all(conversations.map((c) => outbox.listByConversation(c)))).flat();
    /** What a claim should give: each number's oldest unsent text, when due or its lease has run out, oldest first. */
    const expectedClaim = async (limit: number): Promise<string[]> => {
      const firsts = new Map<string, Awaited<ReturnType<typeof stored>>[number]>();
      for (const m of (await stored()).filter((m) => m.status === 'queued' || m.status === 'sending').sort((a, b) => a.seq - b.seq)) {
        if (!firsts.has(m.conversationId)) firsts.set(m.conversationId, m);
      }
      return [...firsts.values()]
        .filter((m) => (m.status === 'queued' ? m.nextAttemptAt <= now : (m.leaseUntil ?? now) <= now))
        .sort((a, b) => a.seq - b.seq)
        .slice(0, limit)
        .map((m) => m.id);
    };
    let claims = 0;
    for (let step = 0; step < 300; step++) {
      now = later(random(30_000));
      const roll = random(100);
      if (roll < 35) {
        const conversation = conversations[random(conversations.length)];
        await outbox.enqueue(Array.from({ length: 1 + random(3) }, (_, i) => text(conversation, `step ${step} text ${i}`)), now);
      } else if (roll < 90) {
        const limit = 1 + random(4);
        const expected = await expectedClaim(limit);
        const claimed = await outbox.claimDue(now, limit, 20_000);
        expect(claimed.map((m) => m.id)).toEqual(expected);
        claims += claimed.length;
        for (const m of claimed) {
          const outcome = random(100);
          if (outcome < 50) await outbox.markSent(m.id, `SM${step}`, now);
          else if (outcome < 75) await outbox.markRetry(m.id, 'Twilio answered 503', later(random(60_000)));
          else if (outcome < 85) await outbox.markFailed(m.id, 'Twilio answered 400');
          else if (outcome < 90) await outbox.markCancelled(m.id, 'opted out');
          // else: left sending, as by a worker that died; its lease runs out.
        }
      } else if (roll < 96) {
        await outbox.eraseConversation(conversations[random(conversations.length)]);
      } else {
        outbox = (await h.reopen()).smsOutbox;
      }
      expect(await outbox.pendingCount()).toBe((await stored()).filter((m) => m.status === 'queued' || m.status === 'sending').length);
    }
    // The run did exercise claims.
    expect(claims).toBeGreaterThan(50);
  });
});

describeEachAdapter('sms contacts', (h) => {
  const phone = '+447700900123';

  it('creates a contact on first sight and updates it after, saying which', async () => {
    const contacts = h.stores().smsContacts;
    const first = new Date('2025-06-01T10:00:00Z');
    const created = await contacts.seen(phone, 'sms-abc', first);
    expect(created).toEqual({ isNew: true, contact: { phone, conversationId: 'sms-abc', optedOut: false, choices: [], firstSeenAt: first, lastSeenAt: first } });
    const later = new Date('2025-06-02T10:00:00Z');
    const again = await contacts.seen(phone, 'sms-abc', later);
    expect(again.isNew).toBe(false);
    expect(again.contact).toMatchObject({ firstSeenAt: first, lastSeenAt: later });
    expect(await contacts.byPhone(phone)).toEqual(again.contact);
    expect(await contacts.byConversation('sms-abc')).toEqual(again.contact);
    expect(await contacts.byPhone('+447700900999')).toBeUndefined();
    expect(await contacts.byConversation('nope')).toBeUndefined();
  });

  it('counts one new contact when the first two texts arrive at once', async () => {
    const contacts = h.stores().smsContacts;
    const results = await Promise.all(Array.from({ length: 5 }, () => contacts.seen(phone, 'sms-abc', new Date())));
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
  });

  it('opts out and back in, recording when and the keyword, even for a number never seen', async () => {
    const contacts = h.stores().smsContacts;
    const at = new Date('2025-06-01T10:00:00Z');
    await contacts.setOptedOut(phone, 'sms-abc', true, at, 'STOP');
    expect(await contacts.byPhone(phone)).toMatchObject({ optedOut: true, optedOutAt: at, optOutKeyword: 'STOP' });
    const back = new Date('2025-06-02T10:00:00Z');
    await contacts.setOptedOut(phone, 'sms-abc', false, back, 'START');
    expect(await contacts.byPhone(phone)).toMatchObject({ optedOut: false, optedInAt: back });
  });

  it('remembers the numbered options, values included, across reopen', async () => {
    const contacts = h.stores().smsContacts;
    await contacts.seen(phone, 'sms-abc', new Date());
    const choices = [{ text: 'Yes', value: { $type: 'confirm', 'a.b': true } }, { text: 'No' }];
    await contacts.setChoices(phone, choices);
    const reopened = await h.reopen();
    expect((await reopened.smsContacts.byPhone(phone))?.choices).toEqual(choices);
    await reopened.smsContacts.setChoices(phone, []);
    expect((await reopened.smsContacts.byPhone(phone))?.choices).toEqual([]);
  });

  it('erases a conversation but keeps a bare opt-out so the number is never texted again', async () => {
    const contacts = h.stores().smsContacts;
    await contacts.seen(phone, 'sms-abc', new Date());
    await contacts.setChoices(phone, [{ text: 'Yes' }]);
    await contacts.setOptedOut(phone, 'sms-abc', true, new Date('2025-06-01T10:00:00Z'), 'STOP');
    await contacts.seen('+447700900124', 'sms-def', new Date());
    expect(await contacts.eraseConversation('sms-abc')).toBe(1);
    expect(await contacts.eraseConversation('sms-def')).toBe(1);
    expect(await contacts.byPhone('+447700900124')).toBeUndefined();
    const kept = await contacts.byPhone(phone);
    expect(kept).toMatchObject({ optedOut: true, choices: [] });
    expect(kept?.optOutKeyword).toBeUndefined();
  });

  it('purges contacts not seen since the cutoff, except opt-outs', async () => {
    const contacts = h.stores().smsContacts;
    const old = new Date('2020-01-01T00:00:00Z');
    await contacts.seen('+447700900001', 'sms-1', old);
    await contacts.setOptedOut('+447700900002', 'sms-2', true, old, 'STOP');
    await contacts.seen('+447700900003', 'sms-3', new Date());
    expect(await contacts.purgeNotSeenSince(new Date('2021-01-01T00:00:00Z'))).toBe(1);
    expect(await contacts.byPhone('+447700900001')).toBeUndefined();
    expect(await contacts.byPhone('+447700900002')).toBeDefined();
    expect(await contacts.byPhone('+447700900003')).toBeDefined();
  });

  it('is erased with the person: erasePerson removes texts and number of their SMS conversation', async () => {
    const s = h.stores();
    await s.smsContacts.seen(phone, 'sms-abc', new Date());
    await s.smsOutbox.enqueue([{ to: phone, conversationId: 'sms-abc', body: 'hello', segments: 1, encoding: 'GSM-7' }]);
    await s.referrals.create(newReferral({ personId: 'p-sms', channel: 'sms', conversationId: 'sms-abc' }));
    const report = await s.erasePerson('p-sms');
    expect(report.smsConversations).toBe(1);
    expect(await s.smsContacts.byPhone(phone)).toBeUndefined();
    expect(await s.smsOutbox.listByConversation('sms-abc')).toEqual([]);
  });

  it('is swept by retention with everything else', async () => {
    const s = h.stores();
    await s.smsContacts.seen(phone, 'sms-abc', new Date('2000-01-01T00:00:00Z'));
    const report = await s.purgeExpired(new Date());
    expect(report.smsContacts).toBe(1);
  });
});
