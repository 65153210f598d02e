/**
 * Conformance: DirectoryRepository and AuditLog on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import type { NearArea, ServiceLocation } from '../../src/services/directory/DirectoryService';
import { milesBetween, type LatLng } from '../../src/services/geography/distance';
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

  it('finds what was written since the last search: an update, a re-import, changed needs (searches repeated)', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany([directoryService({ id: 's1', name: 'A', needs: ['money'] }), directoryService({ id: 's2', name: 'B', needs: ['money', 'food'] })]);
    const names = async (needs: string[]) => (await dir.search({ needs: needs as never })).map((s) => s.name);
    expect(await names(['money'])).toEqual(['A', 'B']);
    await dir.update('s1', { name: 'A2' });
    expect(await names(['money'])).toEqual(['A2', 'B']);
    await dir.upsertMany([directoryService({ id: 's2', name: 'B2', needs: ['food'] })]);
    expect(await names(['money'])).toEqual(['A2']);
    expect(await names(['food', 'money'])).toEqual(['A2', 'B2']);
    await dir.update('s1', { needs: ['housing'] });
    expect(await names(['money'])).toEqual([]);
    expect(await names(['housing'])).toEqual(['A2']);
    expect(await names(['money'])).toEqual([]);
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

describeEachAdapter('directory: search by area', (h) => {
  // Sheffield-ish; a degree of latitude is about 69 miles, a degree of longitude here about 41.
  const origin: LatLng = { latitude: 53.38, longitude: -1.47 };
  const at = (latitude: number, longitude: number, extra: Partial<ServiceLocation> = {}): ServiceLocation => ({ latitude, longitude, ...extra });
  const north = (degrees: number): ServiceLocation => at(origin.latitude + degrees, origin.longitude);
  const east = (degrees: number): ServiceLocation => at(origin.latitude, origin.longitude + degrees);
  const glasgow = at(55.86, -4.25);
  const within = (miles: number, from: LatLng = origin): NearArea => ({ ...from, withinMiles: miles });
  const ids = async (query: Parameters<ReturnType<typeof h.stores>['directory']['search']>[0]): Promise<string[]> =>
    (await h.stores().directory.search(query)).map((s) => s.id).sort();

  const services = [
    directoryService({ id: 'near', name: 'Near', locations: [north(0.1)] }),
    directoryService({ id: 'far', name: 'Far', locations: [north(0.3)] }),
    directoryService({ id: 'edge-in', name: 'Edge in', locations: [east(0.2375)] }),
    directoryService({ id: 'edge-out', name: 'Edge out', locations: [east(0.2475)] }),
    directoryService({ id: 'two-places', name: 'Two places', locations: [glasgow, north(0.05)] }),
    directoryService({ id: 'national', name: 'National', coverage: 'national', locations: [glasgow] }),
    directoryService({ id: 'online', name: 'Online', delivery: ['online'], locations: [] }),
    directoryService({ id: 'phone', name: 'Phone', delivery: ['phone', 'in-person'], locations: [glasgow] }),
    directoryService({ id: 'postcode-only', name: 'Postcode only', locations: [{ name: 'Hall', postcode: 'S6 3BS' }] }),
    directoryService({ id: 'address-only', name: 'Address only', locations: [{ address: '1 High Street' }] }),
    directoryService({ id: 'nowhere', name: 'Nowhere', locations: [] }),
    directoryService({ id: 'near-money', name: 'Near money', needs: ['money'], locations: [north(0.02)] }),
  ];

  it('finds what is within the distance, what serves everyone, and what only a postcode places; leaves out the rest', async () => {
    expect(milesBetween(origin, east(0.2375) as LatLng)).toBeLessThan(9.95);
    expect(milesBetween(origin, east(0.2475) as LatLng)).toBeGreaterThan(10.05);
    await h.stores().directory.upsertMany(services);
    expect(await ids({ near: within(10) })).toEqual(['edge-in', 'national', 'near', 'near-money', 'online', 'phone', 'postcode-only', 'two-places']);
    expect(await ids({ near: within(25) })).toEqual(['edge-in', 'edge-out', 'far', 'national', 'near', 'near-money', 'online', 'phone', 'postcode-only', 'two-places']);
    expect(await ids({ near: within(0) })).toEqual(['national', 'online', 'phone', 'postcode-only']);
    // Far from everything local: only what serves everyone, and what the store cannot measure.
    expect(await ids({ near: within(20, { latitude: 51.45, longitude: -2.59 }) })).toEqual(['national', 'online', 'phone', 'postcode-only']);
  });

  it('combines with needs, in the same order as without an area, paged', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany(services);
    expect(await ids({ needs: ['money'], near: within(10) })).toEqual(['near-money']);
    expect(await ids({ needs: ['loneliness'], near: within(10) })).not.toContain('near-money');
    const all = (await dir.search({ near: within(25) })).map((s) => s.id);
    const inOrder = (await dir.search()).map((s) => s.id).filter((id) => all.includes(id));
    expect(all).toEqual(inOrder);
    const pages = [...(await dir.search({ near: within(25), limit: 4 })), ...(await dir.search({ near: within(25), limit: 4, offset: 4 })), ...(await dir.search({ near: within(25), limit: 4, offset: 8 }))];
    expect(pages.map((s) => s.id)).toEqual(all);
    expect(await dir.get('near')).toEqual(services[0]);
    expect((await dir.search({ near: within(10) })).find((s) => s.id === 'near')).toEqual(services[0]);
  });

  it('follows a service that moves, and keeps working after close and reopen', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany(services);
    await dir.update('far', { locations: [north(0.01)] });
    await dir.update('near', { locations: [glasgow] });
    await dir.upsertMany([{ ...services[2], locations: [glasgow] }]);
    expect(await ids({ near: within(10) })).toEqual(['far', 'national', 'near-money', 'online', 'phone', 'postcode-only', 'two-places']);
    const reopened = await h.reopen();
    expect((await reopened.directory.search({ near: within(10) })).map((s) => s.id).sort()).toEqual(['far', 'national', 'near-money', 'online', 'phone', 'postcode-only', 'two-places']);
  });

  it('measures on the sphere: across the 180th meridian too', async () => {
    const dir = h.stores().directory;
    await dir.upsertMany([
      directoryService({ id: 'west', locations: [at(-16.5, -179.95)] }),
      directoryService({ id: 'east', locations: [at(-16.5, 179.95)] }),
      directoryService({ id: 'elsewhere', locations: [at(-16.5, 178)] }),
    ]);
    expect((await dir.search({ near: within(20, { latitude: -16.5, longitude: 179.99 }) })).map((s) => s.id).sort()).toEqual(['east', 'west']);
  });

  it('refuses an area off the globe or a distance that is not a number of miles', async () => {
    const dir = h.stores().directory;
    await expect(dir.search({ near: { latitude: 91, longitude: 0, withinMiles: 5 } })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(dir.search({ near: { latitude: 53, longitude: -1, withinMiles: -1 } })).rejects.toBeInstanceOf(InvalidRecordError);
    await expect(dir.search({ near: { latitude: 53, longitude: -1, withinMiles: Number.NaN } })).rejects.toBeInstanceOf(InvalidRecordError);
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
