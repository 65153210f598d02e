import fc from 'fast-check';
import { DEFAULT_MAX_MILES, matchServices, type MatchQuery, type MatchResult } from '../../src/services/directory/matching/matchServices';
import { bundledGeography, type Place } from '../../src/services/geography/Geography';
import { milesBetween } from '../../src/services/geography/distance';
import { bundledServices, madeUpService } from './directoryKit';

const geography = bundledGeography();
const place = (district: string): Place => {
  const found = geography.district(district);
  if (!found) throw new Error(`no district ${district}`);
  return found;
};
/** The bundled local directories (the national and remote set is tested on its own below). */
const services = bundledServices().filter((s) => s.source.dataset !== 'national_remote');
const withNational = bundledServices();
const match = (query: MatchQuery, list = services): MatchResult[] => matchServices(list, query, geography);
const names = (results: MatchResult[]): string[] => results.map((r) => r.service.name);

describe('matching on the bundled real directory', () => {
  it('finds Sheffield food support for S6, nearest first, each within the radius and saying why', () => {
    const results = match({ needs: ['food'], origin: place('S6') });
    expect(results).toHaveLength(36);
    expect(results[0]).toMatchObject({ needsMet: ['food'], reach: 'local', servesEveryone: false });
    expect(names(results.slice(0, 3))).toEqual(['Stannington', 'Winn Gardens', 'Food Works Upperthorpe']);
    expect(results[0].reasons).toEqual(['helps with food', '0.9 miles from S6', 'open Monday, midday to 1pm']);
    expect(results[1].reasons).toEqual(['helps with food', '1 mile from S6', 'open Thursday, 11am to 1pm', 'you need a referral first']);
    for (const r of results) {
      expect(r.distanceMiles).not.toBeNull();
      expect(r.distanceMiles as number).toBeLessThanOrEqual(DEFAULT_MAX_MILES);
      expect(r.reasons[0]).toBe('helps with food');
      expect(r.where).toMatch(/^(\d+(\.\d)?|1) miles? from S6$|^less than 0.1 miles from S6$/);
    }
  });

  it('measures from the district centre to the service itself', () => {
    const [first] = match({ needs: ['food'], origin: place('S6') });
    const location = first.service.locations[0];
    const miles = milesBetween(place('S6'), { latitude: location.latitude as number, longitude: location.longitude as number });
    expect(first.distanceMiles).toBeCloseTo(miles, 1);
  });

  it('ranks services meeting more of the needs first (among those with no limits on who they are for)', () => {
    const results = match({ needs: ['food', 'loneliness'], origin: place('S6') });
    const fitting = results.filter((r) => !r.mayNotFit);
    const both = fitting.filter((r) => r.needsMet.length === 2);
    expect(both.length).toBeGreaterThanOrEqual(4);
    expect(fitting.slice(0, both.length)).toEqual(both);
    expect(both[0].reasons.slice(0, 2)).toEqual(['helps with loneliness and isolation', 'helps with food']);
    expect(names(both)).toEqual(expect.arrayContaining(['FoodCycle Broomhall', 'PXI - Parson Cross Initiative']));
    // Ben's Centre meets both needs too, but says it is for people with alcohol or drug issues only: it goes last.
    expect(results.findIndex((r) => r.service.name === "Ben's Centre")).toBeGreaterThanOrEqual(fitting.length);
  });

  it('within the same needs and bonuses, nearer comes first', () => {
    const results = match({ needs: ['food'], origin: place('S10') });
    const timed = results.filter((r) => !r.mayNotFit && r.service.openingTimes.length > 0 && r.service.free === undefined);
    for (let i = 1; i < timed.length; i++) expect(timed[i].distanceMiles as number).toBeGreaterThanOrEqual(timed[i - 1].distanceMiles as number);
  });

  it('finds Glasgow community gardens for loneliness near G15, Growchapel first (0.4 miles)', () => {
    const results = match({ needs: ['loneliness'], origin: place('G15') });
    expect(results[0]).toMatchObject({ distanceMiles: 0.4, reasons: ['helps with loneliness and isolation', '0.4 miles from G15'] });
    expect(results[0].service.name).toBe('Growchapel Community Growing Space');
    expect(results.every((r) => (r.distanceMiles as number) <= DEFAULT_MAX_MILES)).toBe(true);
    expect(results.some((r) => r.service.source.dataset !== 'aliss_scotland')).toBe(false);
  });

  it('offers nothing local to BS16: the bundled data has no Bristol services, and it does not pretend otherwise', () => {
    expect(match({ needs: ['loneliness', 'money'], origin: place('BS16'), age: 67 })).toEqual([]);
  });

  it('BS16 1QY asking for loneliness and money gets a real option for each need from the national set, saying how it reaches them', () => {
    const results = match({ needs: ['loneliness', 'money'], origin: place('BS16'), age: 67 }, withNational);
    for (const need of ['loneliness', 'money'] as const) {
      const forNeed = results.filter((r) => r.needsMet.includes(need));
      expect(forNeed.length).toBeGreaterThan(0);
      for (const r of forNeed) {
        expect(r.servesEveryone).toBe(true);
        expect(r.where).toMatch(/^(online|by phone), so you can use it from home$/);
      }
    }
    expect(results.find((r) => r.service.name === 'Call companions')?.reasons).toEqual(['helps with loneliness and isolation', 'by phone, so you can use it from home', 'who it is for: For older people']);
  });

  it('near Sheffield a good local service still comes before the national ones', () => {
    const results = match({ needs: ['food'], origin: place('S6') }, [...withNational]);
    expect(results[0].servesEveryone).toBe(false);
  });

  it('leaves out services whose ages exclude the person, and says the ages otherwise', () => {
    const child = match({ needs: ['families'], origin: place('HP21'), age: 8 });
    expect(child[0]).toMatchObject({ reasons: ['helps with parenting and families', '0.7 miles from HP21', 'for ages 5 to 11'] });
    expect(child[0].service.name).toBe('12th Aylesbury Brownies');
    const older = match({ needs: ['families'], origin: place('HP21'), age: 67 });
    expect(names(older)).not.toContain('12th Aylesbury Brownies');
    expect(older.every((r) => r.service.eligibility.maxAge === undefined || r.service.eligibility.maxAge >= 67)).toBe(true);
    expect(older.every((r) => r.service.eligibility.minAge === undefined || r.service.eligibility.minAge <= 67)).toBe(true);
  });

  it('without a postcode, still offers services and says where each one is', () => {
    const results = match({ needs: ['food'] });
    expect(results.length).toBeGreaterThan(36);
    expect(results.every((r) => r.distanceMiles === null)).toBe(true);
    const arbourthorne = results.find((r) => r.service.name === 'Arbourthorne');
    expect(arbourthorne?.reasons).toEqual(['helps with food', 'in S2, Sheffield', 'open Wednesday, 11am to 1pm', 'you need a referral first']);
  });

  it('"near me" keeps only in-person services within 3 miles, and needs a place', () => {
    const near = match({ needs: ['food'], origin: place('S6'), filters: { nearMe: true } });
    expect(near.length).toBeGreaterThan(3);
    expect(near.every((r) => (r.distanceMiles as number) <= 3)).toBe(true);
    expect(near.length).toBeLessThan(36);
    expect(match({ needs: ['food'], filters: { nearMe: true } })).toEqual([]);
  });

  it('says "open now" at a moment it is open (UK time)', () => {
    const tuesday1130 = new Date('2024-07-02T10:30:00Z');
    const results = match({ needs: ['food'], origin: place('S6'), now: tuesday1130 });
    const hillsborough = results.find((r) => r.service.name === 'Hillsborough');
    expect(hillsborough?.reasons).toContain('open now');
    const stannington = results.find((r) => r.service.name === 'Stannington');
    expect(stannington?.reasons).not.toContain('open now');
  });

  it('keeps the source words for opening times it could not read', () => {
    const results = match({ needs: ['food'], origin: place('S10') });
    const foodCycle = results.find((r) => r.service.name === 'FoodCycle Broomhall');
    expect(foodCycle?.reasons).toContain('opening times: Wednesday 12.30');
  });

  it('is empty for no needs or a need nobody meets here', () => {
    expect(match({ needs: [], origin: place('S6') })).toEqual([]);
    expect(match({ needs: ['domestic-abuse'], origin: place('S6') })).toEqual([]);
  });

  it('is deterministic: the order of the directory does not change the answer', () => {
    const query: MatchQuery = { needs: ['loneliness', 'physical-activity'], origin: place('G42') };
    const expected = match(query).map((r) => r.service.id);
    expect(expected.length).toBeGreaterThan(10);
    fc.assert(fc.property(fc.shuffledSubarray(services, { minLength: services.length, maxLength: services.length }), (shuffled) => {
      expect(match(query, shuffled).map((r) => r.service.id)).toEqual(expected);
    }), { numRuns: 25 });
  });

  it('limit returns the top of the same order', () => {
    const all = match({ needs: ['food'], origin: place('S6') });
    expect(match({ needs: ['food'], origin: place('S6'), limit: 3 })).toEqual(all.slice(0, 3));
  });
});

describe('services that serve everyone (made-up test services: the bundled data has none)', () => {
  const national = madeUpService({ id: 'test:national', name: 'Made-up National Helpline', needs: ['loneliness'], coverage: 'national', delivery: ['phone'], phone: '0114 496 0000', free: true });
  const online = madeUpService({ id: 'test:online', name: 'Made-up Online Group', needs: ['loneliness'], delivery: ['online'], url: 'https://example.org' });
  const phoneOnly = madeUpService({ id: 'test:phone', name: 'Made-up Phone Friends', needs: ['loneliness'], delivery: ['phone'], phone: '0114 496 0001' });
  const localPhone = madeUpService({ id: 'test:local-phone', name: 'Made-up Sheffield Phone Line', needs: ['loneliness'], delivery: ['phone'], phone: '0114 496 0002', locations: [{ postcode: 'S10 2FD' }] });
  const nowhere = madeUpService({ id: 'test:nowhere', name: 'Made-up Group Somewhere', needs: ['loneliness'], delivery: ['in-person'], email: 'x@example.org' });
  const withThem = [...services, national, online, phoneOnly, localPhone, nowhere];

  it('reach people anywhere, with no distance, and say so', () => {
    const results = match({ needs: ['loneliness'], origin: place('BS16') }, withThem);
    expect(results.map((r) => r.service.id)).toEqual(['test:national', 'test:online', 'test:phone']);
    expect(results.map((r) => r.distanceMiles)).toEqual([null, null, null]);
    // A national phone line that names no nation says how to use it, never a nation it did not name.
    expect(results.map((r) => r.where)).toEqual(['by phone, so you can use it from home', 'online, so you can use it from home', 'by phone, so you can use it from home']);
    const inTwo = match({ needs: ['loneliness'], origin: place('BS16') }, [{ ...national, nations: ['England', 'Wales'] }]);
    expect(inTwo[0].where).toBe('by phone, for people anywhere in England and Wales');
    const everywhere = match({ needs: ['loneliness'] }, [{ ...national, delivery: [] }]);
    expect(everywhere[0].where).toBe('open to people anywhere in the UK');
    expect(results[0].reasons).toContain('free');
  });

  it('come after a good local service and before a far one', () => {
    const results = match({ needs: ['loneliness'], origin: place('G15') }, withThem);
    const firstEveryone = results.findIndex((r) => r.servesEveryone);
    expect(results[0].service.name).toBe('Growchapel Community Growing Space');
    expect(firstEveryone).toBeGreaterThan(0);
    expect(results.slice(firstEveryone + 3).every((r) => (r.distanceMiles as number) > results[firstEveryone - 1].distanceMiles!)).toBe(true);
  });

  it('a phone line tied to a place is measured like any local service', () => {
    const results = match({ needs: ['loneliness'], origin: place('S10') }, withThem);
    expect(results.find((r) => r.service.id === 'test:local-phone')).toMatchObject({ servesEveryone: false, reach: 'local', where: expect.stringMatching(/miles? from S10$/) });
    expect(match({ needs: ['loneliness'], origin: place('BS16') }, withThem).map((r) => r.service.id)).not.toContain('test:local-phone');
  });

  it('a local service with no known place is left out once the person\'s place is known, and flagged before', () => {
    expect(match({ needs: ['loneliness'], origin: place('S10') }, withThem).map((r) => r.service.id)).not.toContain('test:nowhere');
    const unplaced = match({ needs: ['loneliness'] }, withThem).find((r) => r.service.id === 'test:nowhere');
    expect(unplaced?.reasons).toContain('my list does not say where it is');
  });

  it('"online or phone only" and "free only" filter', () => {
    expect(match({ needs: ['loneliness'], origin: place('G15'), filters: { remoteOnly: true } }, withThem).map((r) => r.service.id)).toEqual(['test:national', 'test:online', 'test:phone']);
    expect(match({ needs: ['loneliness'], origin: place('G15'), filters: { freeOnly: true } }, withThem).map((r) => r.service.id)).toEqual(['test:national']);
    expect(match({ needs: ['loneliness'], origin: place('G15'), filters: { freeOnly: true } })).toEqual([]);
  });
});

describe('who a service is for, beyond age (made-up services: the bundled data has no eligibility words)', () => {
  const hall = (postcode: string, district: string) => ({ postcode, latitude: place(district).latitude, longitude: place(district).longitude });
  const carersGroup = madeUpService({ id: 'test:carers', name: 'Made-up Carers Cafe', needs: ['carers', 'mental-wellbeing'], delivery: ['in-person'], locations: [hall('S10 2FD', 'S10')], eligibility: { description: 'Unpaid carers' } });
  const carersOnly = madeUpService({ id: 'test:carers-only', name: 'Made-up Carers Walk', needs: ['carers', 'mental-wellbeing'], delivery: ['in-person'], locations: [hall('S6 3BS', 'S6')], eligibility: { description: 'Carers only' } });
  const dementiaAndCarers = madeUpService({ id: 'test:dementia', name: 'Made-up Memory Cafe', needs: ['mental-wellbeing'], delivery: ['in-person'], locations: [hall('S6 3BS', 'S6')], eligibility: { description: 'Dementia, Carers' } });
  const open = madeUpService({ id: 'test:open', name: 'Made-up Wellbeing Walk', needs: ['carers', 'mental-wellbeing'], delivery: ['in-person'], locations: [hall('S35 1AA', 'S35')] });
  const residents = madeUpService({ id: 'test:residents', name: 'Made-up Sheffield Money Line', needs: ['money'], delivery: ['in-person'], locations: [hall('S10 2FD', 'S10')], eligibility: { description: 'Sheffield residents only' } });
  const sharedArea = madeUpService({ id: 'test:shared', name: 'Made-up Two Towns Advice', needs: ['money'], delivery: ['in-person'], locations: [hall('S10 2FD', 'S10')], eligibility: { description: 'For residents of Sheffield and Rotherham' } });
  const neighbourhood = madeUpService({ id: 'test:neighbourhood', name: 'Made-up Estate Advice', needs: ['money'], delivery: ['in-person'], locations: [hall('S6 3BS', 'S6')], eligibility: { description: 'Residents of Hillsborough' } });
  const anyone = madeUpService({ id: 'test:anyone', name: 'Made-up Open Advice', needs: ['money'], delivery: ['in-person'], locations: [hall('S17 3AA', 'S17')] });
  const list = [carersGroup, carersOnly, dementiaAndCarers, open, residents, sharedArea, neighbourhood, anyone];
  const byId = (results: MatchResult[], id: string): MatchResult => {
    const found = results.find((r) => r.service.id === id);
    if (!found) throw new Error(`${id} was not offered`);
    return found;
  };
  const ids = (results: MatchResult[]): string[] => results.map((r) => r.service.id);

  it('a service for carers fits someone who asked for carer support: ranked up, and says so', () => {
    const results = match({ needs: ['carers'], origin: place('S6') }, list);
    expect(byId(results, 'test:carers').reasons).toEqual(['helps with support for carers', '1.8 miles from S6', 'for carers, as you asked', 'who it is for: Unpaid carers']);
    expect(byId(results, 'test:carers-only').reasons).toContain('for carers, as you asked');
    expect(byId(results, 'test:open').reasons).not.toContain('for carers, as you asked');
    const [plain] = match({ needs: ['carers'], origin: place('S6') }, [{ ...carersGroup, eligibility: {} }]);
    expect(byId(results, 'test:carers').score).toBeGreaterThan(plain.score);
    // Without a place too: it does not depend on where the person is.
    expect(byId(match({ needs: ['carers'] }, list), 'test:carers').reasons).toContain('for carers, as you asked');
  });

  it('"carers only" for someone who did not ask for carer support: still offered, after the others, and says why', () => {
    const results = match({ needs: ['mental-wellbeing'], origin: place('S6') }, list);
    expect(ids(results)).toEqual(['test:dementia', 'test:carers', 'test:open', 'test:carers-only']);
    expect(byId(results, 'test:carers-only')).toMatchObject({ distanceMiles: 0, reasons: expect.arrayContaining(['only for carers (people who look after someone)', 'who it is for: Carers only']) });
    // Words that name carers among others are not a limit: shown as they are, no judgement.
    expect(byId(results, 'test:dementia').reasons).toEqual(['helps with mental wellbeing', 'less than 0.1 miles from S6', 'who it is for: Dementia, Carers']);
  });

  it('residents of the council area the service is in: fits someone who lives there', () => {
    const results = match({ needs: ['money'], origin: place('S6') }, list);
    expect(byId(results, 'test:residents').reasons).toEqual(['helps with money and debt', '1.8 miles from S6', 'for people who live in Sheffield, like you', 'who it is for: Sheffield residents only']);
    expect(byId(results, 'test:shared').reasons).toContain('for people who live in Sheffield, like you');
  });

  it('residents of another council area: still offered, after the others meeting the same needs, and says why', () => {
    const rotherham = match({ needs: ['money'], origin: place('S60') }, list);
    const elsewhere = byId(rotherham, 'test:residents');
    expect(elsewhere.reasons).toContain('only for people who live in Sheffield');
    expect(ids(rotherham)[ids(rotherham).length - 1]).toBe('test:residents');
    expect(elsewhere.distanceMiles as number).toBeLessThan(byId(rotherham, 'test:anyone').distanceMiles as number);
    // Text that names the person's own area as well is no clash.
    expect(byId(rotherham, 'test:shared').reasons.filter((r) => /live in/.test(r))).toEqual([]);
  });

  it('says nothing it cannot tell: a place that is not a council area, or a person whose place is unknown', () => {
    expect(byId(match({ needs: ['money'], origin: place('S60') }, list), 'test:neighbourhood').reasons.filter((r) => /live in/.test(r))).toEqual([]);
    const unplaced = match({ needs: ['money'] }, list);
    expect(unplaced.flatMap((r) => r.reasons).filter((r) => /live in/.test(r))).toEqual([]);
    // Without the geography to place the service's postcode, no council area is known either.
    expect(matchServices(list, { needs: ['money'], origin: place('S60') }).flatMap((r) => r.reasons).filter((r) => /live in/.test(r))).toEqual([]);
  });

  it('is deterministic with eligibility words too', () => {
    const query: MatchQuery = { needs: ['money', 'carers', 'mental-wellbeing'], origin: place('S60') };
    const expected = ids(match(query, list));
    fc.assert(fc.property(fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }), (shuffled) => {
      expect(ids(match(query, shuffled))).toEqual(expected);
    }), { numRuns: 25 });
  });
});
