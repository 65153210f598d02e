/**
 * Conformance: ReferralRepository on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { DuplicateReferenceError, NotFoundError, ReferralConflictError, type ReferralQuery } from '../../src/services/referrals/ReferralRepository';
import { InvalidRecordError } from '../../src/storage/shared/validation';
import { newReferral } from './records';
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('referrals', (h) => {
  it('finds a person\'s referrals by the phone number or email they gave, or by the start of a name in any case, newest first', async () => {
    const r = h.stores().referrals;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 3));
    const first = await r.create(newReferral({ person: { preferredName: 'Margaret Ann', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: '+447700900321' } }));
    await tick();
    const second = await r.create(newReferral({ person: { preferredName: 'Maggie', postcode: 'BS5 6XX', contactMethod: 'text', contactValue: '+447700900321' } }));
    await tick();
    const other = await r.create(newReferral({ person: { preferredName: 'Mo_%', postcode: 'BS5 6XX', contactMethod: 'email', contactValue: 'mo@example.org' } }));
    expect((await r.findMatching({ contactValue: '+447700900321' }, 10)).map((x) => x.reference)).toEqual([second.reference, first.reference]);
    expect((await r.findMatching({ contactValue: '+447700900321' }, 1)).map((x) => x.reference)).toEqual([second.reference]);
    expect((await r.findMatching({ contactValue: 'mo@example.org' }, 10)).map((x) => x.reference)).toEqual([other.reference]);
    expect((await r.findMatching({ namePrefix: 'MAR' }, 10)).map((x) => x.reference)).toEqual([first.reference]);
    expect((await r.findMatching({ namePrefix: 'ma' }, 10)).map((x) => x.reference)).toEqual([second.reference, first.reference]);
    // Wildcards in what is typed are taken as typed.
    expect((await r.findMatching({ namePrefix: 'M%' }, 10))).toEqual([]);
    expect((await r.findMatching({ namePrefix: 'Mo_' }, 10)).map((x) => x.reference)).toEqual([other.reference]);
    expect((await r.findMatching({ namePrefix: '.*' }, 10))).toEqual([]);
    expect(await r.findMatching({ contactValue: '+447700900999' }, 10)).toEqual([]);
  });

  it('creates a referral and reads it back with Dates as Dates', async () => {
    const input = newReferral({ outcome: { type: 'signposted', at: new Date('2025-02-03T04:05:06.789Z') } });
    const created = await h.stores().referrals.create(input);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.updatedAt).toEqual(created.createdAt);
    const read = await h.stores().referrals.get(input.reference);
    expect(read).toEqual(created);
    expect(read?.consent.at).toBeInstanceOf(Date);
    expect(read?.consent.at.toISOString()).toBe('2025-01-02T10:00:00.000Z');
    expect(read?.outcome?.at).toBeInstanceOf(Date);
    expect(read?.outcome?.at.toISOString()).toBe('2025-02-03T04:05:06.789Z');
  });

  it('keeps the information standard dataset: GP record details, the practice ODS code, services by name and id', async () => {
    const input = newReferral({
      person: { preferredName: 'Sam Okafor', contactMethod: 'none', gpPractice: 'Fishponds Family Practice', gpPracticeOds: 'L81004', genderIdentity: 'Z', ethnicCategory: 'N', nhsNumber: '9434765919' },
      servicesOffered: ['svc-1'],
      servicesOfferedNamed: [{ id: 'svc-1', name: 'Fishponds Lunch Club' }],
      referredTo: { id: 'svc-1', name: 'Fishponds Lunch Club' },
    });
    await h.stores().referrals.create(input);
    const read = await (await h.reopen()).referrals.get(input.reference);
    expect(read).toMatchObject({ person: input.person, servicesOfferedNamed: input.servicesOfferedNamed, referredTo: input.referredTo });
    const updated = await h.stores().referrals.update(input.reference, { servicesOfferedNamed: [...input.servicesOfferedNamed!, { id: 'svc-2', name: 'Citizens Advice' }] });
    expect(updated.servicesOfferedNamed).toHaveLength(2);
    // A number that fails its check digit, or a code outside the Data Dictionary's, is refused, naming the field only.
    const bad = newReferral({ person: { contactMethod: 'none', nhsNumber: '9434765918' } });
    await expect(h.stores().referrals.create(bad)).rejects.toThrow(/person\.nhsNumber/);
    await expect(h.stores().referrals.create(bad)).rejects.not.toThrow(/9434765918/);
    await expect(h.stores().referrals.update(input.reference, { person: { contactMethod: 'none', ethnicCategory: 'Q' as never } })).rejects.toThrow(/person\.ethnicCategory/);
  });

  it('answers null for an unknown reference', async () => {
    expect(await h.stores().referrals.get('SP-NOPE')).toBeNull();
  });

  it('refuses a duplicate reference and keeps the first', async () => {
    const first = newReferral();
    await h.stores().referrals.create(first);
    await expect(h.stores().referrals.create({ ...first, whatMatters: 'other' })).rejects.toBeInstanceOf(DuplicateReferenceError);
    expect((await h.stores().referrals.get(first.reference))?.whatMatters).toBe(first.whatMatters);
  });

  it('refuses a malformed referral with a clear error that names the field but not the value', async () => {
    const bad = newReferral({ person: { contactMethod: 'pigeon' as never, postcode: 'BS16 1QY' } });
    const error = await h.stores().referrals.create(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRecordError);
    expect((error as Error).message).toMatch(/person\.contactMethod/);
    expect((error as Error).message).not.toMatch(/BS16/);
    expect(await h.stores().referrals.get(bad.reference)).toBeNull();
  });

  it('updates fields, sets updatedAt and never changes identity or creation time', async () => {
    const created = await h.stores().referrals.create(newReferral());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await h.stores().referrals.update(created.reference, {
      status: 'closed',
      needs: ['money', 'housing'],
      ...({ personId: 'someone-else', createdAt: new Date(0) } as object),
    });
    expect(updated.status).toBe('closed');
    expect(updated.needs).toEqual(['money', 'housing']);
    expect(updated.personId).toBe(created.personId);
    expect(updated.createdAt).toEqual(created.createdAt);
    expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    expect(await h.stores().referrals.get(created.reference)).toEqual(updated);
  });

  it('throws NotFoundError when updating an unknown referral, and refuses a malformed patch', async () => {
    await expect(h.stores().referrals.update('SP-NOPE', { status: 'closed' })).rejects.toBeInstanceOf(NotFoundError);
    const created = await h.stores().referrals.create(newReferral());
    await expect(h.stores().referrals.update(created.reference, { status: 'lost' as never })).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('lists newest first, paged, with the total', async () => {
    const refs: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      refs.push((await h.stores().referrals.create(newReferral())).reference);
      await new Promise((resolve) => setTimeout(resolve, 3));
    }
    const first = await h.stores().referrals.list({ limit: 3 });
    expect(first.total).toBe(7);
    expect(first.items.map((r) => r.reference)).toEqual(refs.slice().reverse().slice(0, 3));
    const last = await h.stores().referrals.list({ limit: 3, offset: 6 });
    expect(last.items.map((r) => r.reference)).toEqual([refs[0]]);
    expect((await h.stores().referrals.list()).items).toHaveLength(7);
  });

  it('filters by status and by date range (from inclusive, to exclusive)', async () => {
    const a = await h.stores().referrals.create(newReferral());
    await new Promise((resolve) => setTimeout(resolve, 5));
    const b = await h.stores().referrals.create(newReferral({ status: 'handed-off' }));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const c = await h.stores().referrals.create(newReferral());
    const refs = async (q: ReferralQuery) => (await h.stores().referrals.list(q)).items.map((r) => r.reference);
    expect(await refs({ status: 'handed-off' })).toEqual([b.reference]);
    expect(await refs({ status: 'new' })).toEqual([c.reference, a.reference]);
    expect(await refs({ from: b.createdAt })).toEqual([c.reference, b.reference]);
    expect(await refs({ to: b.createdAt })).toEqual([a.reference]);
    expect(await refs({ from: b.createdAt, to: c.createdAt })).toEqual([b.reference]);
    expect((await h.stores().referrals.list({ status: 'new', from: b.createdAt })).total).toBe(1);
  });

  it('exports and erases everything about one person and nobody else', async () => {
    const personId = 'person-erase-me';
    await h.stores().referrals.create(newReferral({ personId }));
    await h.stores().referrals.create(newReferral({ personId }));
    const other = await h.stores().referrals.create(newReferral());
    expect((await h.stores().referrals.exportByPerson(personId)).map((r) => r.personId)).toEqual([personId, personId]);
    expect(await h.stores().referrals.eraseByPerson(personId)).toBe(2);
    expect(await h.stores().referrals.exportByPerson(personId)).toEqual([]);
    expect(await h.stores().referrals.get(other.reference)).not.toBeNull();
    expect(await h.stores().referrals.eraseByPerson(personId)).toBe(0);
  });

  it('purges referrals created before the cutoff', async () => {
    const created = await h.stores().referrals.create(newReferral());
    expect(await h.stores().referrals.purgeOlderThan(created.createdAt)).toBe(0);
    expect(await h.stores().referrals.purgeOlderThan(new Date(created.createdAt.getTime() + 1))).toBe(1);
    expect(await h.stores().referrals.get(created.reference)).toBeNull();
  });

  it('lists follow-ups due and not yet sent, longest due first, and marks each sent exactly once', async () => {
    const r = h.stores().referrals;
    const now = new Date('2026-06-01T09:00:00Z');
    const consentAt = new Date('2026-04-01T09:00:00Z');
    const dueLater = await r.create(newReferral({ followUp: { consentAt, dueAt: new Date('2026-06-02T09:00:00Z') } }));
    const dueFirst = await r.create(newReferral({ followUp: { consentAt, dueAt: new Date('2026-05-20T09:00:00Z') } }));
    const dueSecond = await r.create(newReferral({ followUp: { consentAt, dueAt: now } }));
    const alreadySent = await r.create(newReferral({ followUp: { consentAt, dueAt: new Date('2026-05-01T09:00:00Z'), sentAt: new Date('2026-05-01T09:05:00Z') } }));
    await r.create(newReferral());
    expect((await r.listFollowUpsDue(now)).map((x) => x.reference)).toEqual([dueFirst.reference, dueSecond.reference]);
    expect((await r.listFollowUpsDue(now, 1)).map((x) => x.reference)).toEqual([dueFirst.reference]);

    const sentAt = new Date('2026-06-01T09:01:00Z');
    const marks = await Promise.all([r.markFollowUpSent(dueFirst.reference, sentAt), r.markFollowUpSent(dueFirst.reference, sentAt)]);
    expect(marks.filter(Boolean)).toHaveLength(1);
    expect((await r.get(dueFirst.reference))?.followUp).toEqual({ consentAt, dueAt: new Date('2026-05-20T09:00:00Z'), sentAt });
    expect(await r.markFollowUpSent(alreadySent.reference, sentAt)).toBe(false);
    expect(await r.markFollowUpSent(dueLater.reference + 'X', sentAt)).toBe(false);
    expect((await r.listFollowUpsDue(now)).map((x) => x.reference)).toEqual([dueSecond.reference]);

    const answered = await r.update(dueSecond.reference, { followUp: { consentAt, dueAt: now, sentAt, answeredAt: sentAt, wellbeing: { lifeSatisfaction: 7, anxiety: 3 } } });
    expect(answered.followUp?.wellbeing).toEqual({ lifeSatisfaction: 7, anxiety: 3 });
    await expect(r.update(dueSecond.reference, { followUp: { consentAt, dueAt: now, wellbeing: { happiness: 11 } } })).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('keeps referrals across close and reopen', async () => {
    const created = await h.stores().referrals.create(newReferral());
    const reopened = await h.reopen();
    expect(await reopened.referrals.get(created.reference)).toEqual(created);
  });

  it('claims a new referral for one worker: idempotent for them, a conflict for anyone else and once closed', async () => {
    const { reference } = await h.stores().referrals.create(newReferral());
    const at = new Date('2025-03-04T09:00:00Z');
    const claimed = await h.stores().referrals.claim(reference, 'worker-a', at);
    expect(claimed).toMatchObject({ status: 'in-progress', claimedBy: 'worker-a', claimedAt: at });
    expect((await h.stores().referrals.claim(reference, 'worker-a', new Date())).claimedAt).toEqual(at);
    await expect(h.stores().referrals.claim(reference, 'worker-b', new Date())).rejects.toBeInstanceOf(ReferralConflictError);
    await h.stores().referrals.update(reference, { status: 'closed' });
    await expect(h.stores().referrals.claim(reference, 'worker-a', new Date())).rejects.toBeInstanceOf(ReferralConflictError);
    await expect(h.stores().referrals.claim('SP-NOPE', 'worker-a', new Date())).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lets exactly one of two workers claiming at once have it', async () => {
    const { reference } = await h.stores().referrals.create(newReferral());
    const results = await Promise.allSettled(['worker-a', 'worker-b'].map((w) => h.stores().referrals.claim(reference, w, new Date())));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ReferralConflictError)).toHaveLength(1);
  });

  it('adds contact attempts in order; the first that reached the person sets firstContactAt; bad ones are refused', async () => {
    const { reference } = await h.stores().referrals.create(newReferral());
    const t1 = new Date('2025-03-04T09:00:00Z');
    const t2 = new Date('2025-03-05T09:00:00Z');
    const t3 = new Date('2025-03-06T09:00:00Z');
    await h.stores().referrals.addContact(reference, { at: t1, channel: 'phone', reached: false, workerId: 'worker-a', note: 'no answer' });
    expect((await h.stores().referrals.get(reference))!.firstContactAt).toBeUndefined();
    await h.stores().referrals.addContact(reference, { at: t2, channel: 'text', reached: true, workerId: 'worker-a' });
    const last = await h.stores().referrals.addContact(reference, { at: t3, channel: 'phone', reached: true, workerId: 'worker-b' });
    expect(last.firstContactAt).toEqual(t2);
    expect(last.contacts!.map((c) => [c.channel, c.reached, c.at.toISOString()])).toEqual([
      ['phone', false, t1.toISOString()],
      ['text', true, t2.toISOString()],
      ['phone', true, t3.toISOString()],
    ]);
    await expect((await h.reopen()).referrals.get(reference)).resolves.toMatchObject({ firstContactAt: t2 });
    await expect(h.stores().referrals.addContact(reference, { at: t3, channel: 'pigeon' as never, reached: true, workerId: 'w' })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(h.stores().referrals.addContact('SP-NOPE', { at: t3, channel: 'phone', reached: true, workerId: 'w' })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds the referrals made in one conversation', async () => {
    const one = await h.stores().referrals.create(newReferral({ conversationId: 'conv-episode' }));
    await h.stores().referrals.create(newReferral());
    const found = await h.stores().referrals.list({ conversationId: 'conv-episode' });
    expect(found.items.map((r) => r.reference)).toEqual([one.reference]);
  });
});
