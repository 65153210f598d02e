/**
 * Conformance: DirectoryRepository and AuditLog on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { NotFoundError } from '../../src/services/referrals/ReferralRepository';
import { InvalidRecordError } from '../../src/storage/shared/validation';
import { directoryService } from './records';
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('directory', (h) => {
  it('upserts idempotently: a re-import updates and never duplicates', async () => {
    const dir = h.stores().directory;
    const a = directoryService({ id: 'a', name: 'Walking group' });
    const b = directoryService({ id: 'b', name: 'Benefits advice', needs: ['money'] });
    expect(await dir.upsertMany([a, b])).toEqual({ inserted: 2, updated: 0 });
    expect(await dir.upsertMany([a, { ...b, description: 'changed' }])).toEqual({ inserted: 0, updated: 2 });
    expect(await dir.count()).toBe(2);
    expect((await dir.get('b'))?.description).toBe('changed');
    expect(await dir.get('a')).toEqual(a);
    expect((await dir.get('a'))?.updatedAt).toBeInstanceOf(Date);
    expect(await dir.get('nope')).toBeNull();
  });

  it('counts a service repeated within one import once', async () => {
    const a = directoryService({ id: 'a' });
    expect(await h.stores().directory.upsertMany([a, { ...a, name: 'second' }])).toEqual({ inserted: 1, updated: 1 });
    expect((await h.stores().directory.get('a'))?.name).toBe('second');
  });

  it('searches by need (any of), all when no need is given, paged', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany([
      directoryService({ id: 's1', name: 'A', needs: ['loneliness', 'physical-activity'] }),
      directoryService({ id: 's2', name: 'B', needs: ['money'] }),
      directoryService({ id: 's3', name: 'C', needs: ['housing'] }),
    ]);
    expect((await dir.search({ needs: ['physical-activity'] })).map((s) => s.id)).toEqual(['s1']);
    expect((await dir.search({ needs: ['money', 'housing'] })).map((s) => s.id).sort()).toEqual(['s2', 's3']);
    expect((await dir.search()).map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    expect(await dir.search({ needs: ['nothing-like-it'] })).toEqual([]);
    const all = (await dir.search()).map((s) => s.id);
    expect([...(await dir.search({ limit: 2 })), ...(await dir.search({ limit: 2, offset: 2 }))].map((s) => s.id)).toEqual(all);
  });

  it('updates a service; NotFoundError when unknown; refuses a malformed service', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany([directoryService({ id: 'a' })]);
    const updated = await dir.update('a', { phone: '0117 000 0000', needs: ['money'] });
    expect(updated).toMatchObject({ id: 'a', phone: '0117 000 0000', needs: ['money'] });
    expect(await dir.get('a')).toEqual(updated);
    await expect(dir.update('nope', { phone: '1' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(dir.upsertMany([directoryService({ coverage: 'galactic' as never })])).rejects.toBeInstanceOf(InvalidRecordError);
    expect(await dir.count()).toBe(1);
  });

  it('keeps the directory across close and reopen', async () => {
    const a = directoryService({ id: 'a' });
    await h.stores().directory.upsertMany([a]);
    const reopened = await h.reopen();
    expect(await reopened.directory.get('a')).toEqual(a);
  });
});

describeEachAdapter('audit log', (h) => {
  it('appends and lists by record, oldest first, with Dates', async () => {
    const audit = h.stores().audit;
    await audit.append({ actor: 'worker-1', action: 'view-handoff', recordType: 'handoff', recordId: 'h1' });
    await audit.append({ actor: 'worker-2', action: 'claim', recordType: 'handoff', recordId: 'h1' });
    await audit.append({ actor: 'worker-1', action: 'view-handoff', recordType: 'handoff', recordId: 'h2' });
    await audit.append({ actor: 'system', action: 'erase-person', recordType: 'referral', recordId: 'h1', at: new Date('2024-01-01T00:00:00Z') });
    const entries = await audit.listByRecord('handoff', 'h1');
    expect(entries.map((e) => [e.actor, e.action])).toEqual([['worker-1', 'view-handoff'], ['worker-2', 'claim']]);
    expect(entries[0].at).toBeInstanceOf(Date);
    expect(await audit.listByRecord('referral', 'h1')).toEqual([{ at: new Date('2024-01-01T00:00:00Z'), actor: 'system', action: 'erase-person', recordType: 'referral', recordId: 'h1' }]);
    expect(await audit.listByRecord('handoff', 'none')).toEqual([]);
  });

  it('refuses an entry without who or what', async () => {
    await expect(h.stores().audit.append({ actor: '', action: 'claim', recordType: 'handoff', recordId: 'h1' })).rejects.toBeInstanceOf(InvalidRecordError);
  });

  it('keeps the log across close and reopen', async () => {
    await h.stores().audit.append({ actor: 'w', action: 'claim', recordType: 'handoff', recordId: 'h1' });
    const reopened = await h.reopen();
    expect(await reopened.audit.listByRecord('handoff', 'h1')).toHaveLength(1);
  });
});
