/**
 * findMatches asks the store only for services within reach of the person's place, and answers exactly as ranking the
 * whole directory would: the bundled directory in a real embedded store on disk, with made-up services beside it for
 * the kinds the bundled data lacks (national, online, phone, placed by postcode only).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { DirectoryQuery, DirectoryRepository, DirectoryService } from '../../src/services/directory/DirectoryService';
import { importBundledDirectory } from '../../src/services/directory/defaultDirectory';
import { findMatches, STORE_MARGIN_MILES } from '../../src/services/directory/findMatches';
import { matchServices, type MatchQuery } from '../../src/services/directory/matching/matchServices';
import { bundledGeography, DEFAULT_DISTRICTS_FILE, type Place } from '../../src/services/geography/Geography';
import { milesBetween } from '../../src/services/geography/distance';
import { NEED_IDS } from '../../src/services/needs/taxonomy';
import { madeUpService, openTempStores, type TempStores } from './directoryKit';

const geography = bundledGeography();
const place = (district: string): Place => {
  const found = geography.district(district);
  if (!found) throw new Error(`no district ${district}`);
  return found;
};
const DISTRICTS = readFileSync(DEFAULT_DISTRICTS_FILE, 'utf8').split('\n').slice(1).map((line) => line.split(',')[0]).filter(Boolean);

const madeUp: DirectoryService[] = [
  madeUpService({ id: 'test:national', name: 'Made-up National Helpline', needs: ['loneliness', 'food'], coverage: 'national', delivery: ['phone'], phone: '0114 496 0000' }),
  madeUpService({ id: 'test:online', name: 'Made-up Online Group', needs: ['loneliness'], delivery: ['online'], url: 'https://example.org' }),
  madeUpService({ id: 'test:by-postcode', name: 'Made-up Hall Known by Postcode', needs: ['food', 'loneliness'], delivery: ['in-person'], locations: [{ postcode: 'S6 2LW' }] }),
  madeUpService({ id: 'test:by-postcode-far', name: 'Made-up Far Hall Known by Postcode', needs: ['food'], delivery: ['in-person'], locations: [{ postcode: 'TR18 4AA' }] }),
  // 19.99 miles from the S6 centre, due north: inside the default 20 miles.
  madeUpService({ id: 'test:edge', name: 'Made-up Edge Pantry', needs: ['food'], delivery: ['in-person'], locations: [{ latitude: place('S6').latitude + 19.99 / 69.093, longitude: place('S6').longitude }] }),
];

/** The directory, counting how many services each search hands back. */
class CountingDirectory implements Pick<DirectoryRepository, 'search'> {
  loaded = 0;
  constructor(private readonly inner: DirectoryRepository) {}
  async search(query?: DirectoryQuery): Promise<DirectoryService[]> {
    const found = await this.inner.search(query);
    this.loaded += found.length;
    return found;
  }
}

describe('findMatches on the directory store', () => {
  let t: TempStores;
  let all: DirectoryService[];
  beforeAll(async () => {
    t = await openTempStores();
    await importBundledDirectory(t.stores.directory, { now: new Date('2025-01-01T00:00:00Z') });
    await t.stores.directory.upsertMany(madeUp);
    all = await t.stores.directory.search({ limit: 100_000 });
  });
  afterAll(() => t.close());

  const now = new Date('2024-07-02T10:30:00Z');
  const both = async (query: MatchQuery): Promise<{ found: string[]; whole: string[]; loaded: number }> => {
    const counting = new CountingDirectory(t.stores.directory);
    const found = await findMatches(counting as unknown as DirectoryRepository, query, geography);
    const whole = matchServices(all, query, geography);
    expect(found).toEqual(whole);
    return { found: found.map((r) => r.service.id), whole: whole.map((r) => r.service.id), loaded: counting.loaded };
  };

  it('asks only for what is within reach when the place is known, with the same answer', async () => {
    const s6 = await both({ needs: ['food'], origin: place('S6'), now });
    const everywhere = all.filter((s) => s.needs.includes('food')).length;
    expect(s6.found).toEqual(expect.arrayContaining(['test:national', 'test:by-postcode', 'test:edge']));
    expect(s6.found).not.toContain('test:by-postcode-far');
    expect(s6.loaded).toBeLessThan(everywhere);
    expect(s6.loaded).toBeGreaterThanOrEqual(s6.found.length);
    // Nowhere near anything local: the store hands back what serves everyone and what a postcode alone places.
    const bristol = await both({ needs: ['food', 'loneliness'], origin: place('BS16'), now });
    // Call companions says it is for older people, and food banks need a voucher: with no age known, they go after
    // those with no such limits.
    expect(bristol.found).toEqual(['test:national', 'test:online', 'national_remote:reengage-call-companions', 'national_remote:trussell-emergency-food']);
    expect(bristol.loaded).toBe(6);
  });

  it('the edge case: a service just inside the limit is kept, and the store is asked a hair wider', async () => {
    const edge = madeUp.find((s) => s.id === 'test:edge') as DirectoryService;
    const miles = milesBetween(place('S6'), { latitude: edge.locations[0].latitude as number, longitude: edge.locations[0].longitude as number });
    expect(miles).toBeGreaterThan(19.9);
    expect(miles).toBeLessThanOrEqual(20);
    expect(STORE_MARGIN_MILES).toBeGreaterThan(0);
    expect((await both({ needs: ['food'], origin: place('S6') })).found).toContain('test:edge');
    expect((await both({ needs: ['food'], origin: place('S6'), maxMiles: 19.9 })).found).not.toContain('test:edge');
  });

  it('without a place, loads every service meeting the needs, as before', async () => {
    const { found, loaded } = await both({ needs: ['food'], now });
    expect(loaded).toBe(all.filter((s) => s.needs.includes('food')).length);
    expect(found.length).toBeGreaterThan(36);
  });

  it('is the same answer as ranking the whole directory, for any place, needs, age and filters', async () => {
    const near = ['S6', 'S10', 'S2', 'G15', 'G42', 'HP21', 'HP5', 'BS16', 'EH1', 'TR18'];
    await fc.assert(fc.asyncProperty(
      fc.record({
        district: fc.oneof(fc.constantFrom(...near), fc.constantFrom(...DISTRICTS)),
        needs: fc.subarray([...NEED_IDS], { minLength: 1, maxLength: 3 }),
        age: fc.option(fc.integer({ min: 16, max: 90 }), { nil: undefined }),
        remoteOnly: fc.boolean(),
        nearMe: fc.boolean(),
        freeOnly: fc.boolean(),
        maxMiles: fc.option(fc.constantFrom(1, 5, 20, 40), { nil: undefined }),
        limit: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
      }),
      async ({ district, needs, age, remoteOnly, nearMe, freeOnly, maxMiles, limit }) => {
        await both({ needs, origin: place(district), age, filters: { remoteOnly, nearMe, freeOnly }, maxMiles, limit, now });
      },
    ), { numRuns: 150 });
  });
});
