/**
 * Issue 17: what a directory says about who a service is for, or what it costs, is kept on import, shown, and
 * honoured in matching. Reproduced with the bundled real data: Ben's Centre (Sheffield food support) is "For people
 * having alcohol/drug issues only!", which used to be dropped, so a lonely 67-year-old in S10 2GB was shown it first.
 */
import { matchServices, type MatchQuery, type MatchResult } from '../../src/services/directory/matching/matchServices';
import { findRestrictions } from '../../src/services/directory/matching/restrictions';
import { bundledGeography, type Place } from '../../src/services/geography/Geography';
import { bundledServices, madeUpService } from './directoryKit';

const geography = bundledGeography();
const place = (district: string): Place => {
  const found = geography.district(district);
  if (!found) throw new Error(`no district ${district}`);
  return found;
};
const match = (query: MatchQuery, list = bundledServices()): MatchResult[] => matchServices(list, query, geography);

describe('the S10 2GB loneliness request for a 67-year-old (bundled data)', () => {
  const results = match({ needs: ['loneliness'], origin: place('S10'), age: 67 });
  const bens = results.findIndex((r) => r.service.name === "Ben's Centre");

  it('keeps Ben\'s Centre\'s own words about who it is for', () => {
    const service = bundledServices().find((s) => s.name === "Ben's Centre");
    expect(service?.notes).toContain('For people having alcohol/drug issues only!');
    expect(service?.eligibility.restrictions).toEqual(['For people having alcohol/drug issues only!']);
  });

  it('does not put the "alcohol/drug issues only" service above those that fit', () => {
    expect(bens).toBeGreaterThan(-1);
    const unrestricted = results.filter((r) => !(r.service.eligibility.restrictions ?? []).length);
    expect(unrestricted.length).toBeGreaterThan(0);
    for (const r of unrestricted) expect(results.indexOf(r)).toBeLessThan(bens);
  });

  it('shows the words as they are on that service', () => {
    expect(results[bens].reasons).toContain('may only be for some people: "For people having alcohol/drug issues only!"');
  });

  it('counts it as fitting for someone who asked about alcohol or drugs', () => {
    const forDrugs = match({ needs: ['food', 'substance-use'], origin: place('S10') }).find((r) => r.service.name === "Ben's Centre");
    expect(forDrugs?.reasons).toContain('who it is for: For people having alcohol/drug issues only!');
    expect(forDrugs?.mayNotFit).toBe(false);
  });
});

describe('restrictions in plain words', () => {
  it.each([
    ['For people having alcohol/drug issues only!', true],
    ['Members only', true],
    ['You must be registered with a Bristol GP', true],
    ['For people who are over 50 and live alone', true],
    ['Open to members of the club', true],
    ['By referral from a GP or social worker', true],
    ['Women only group', true],
    ['No self-referrals or walk in.', true],
    ['Self-referral or a referral from a supporting organisation', false],
    ['No referral needed. Free meat-free hot meals', false],
    ['Everyone welcome', false],
    ['Breakfast has play activities', false],
  ])('%s -> restricted %s', (text, restricted) => {
    expect(findRestrictions(text).length > 0).toBe(restricted);
  });

  it('"for older people" fits someone of 65 or more, and may not fit someone younger or of unknown age', () => {
    const { judgeRestrictions } = jest.requireActual<typeof import('../../src/services/directory/matching/restrictions')>('../../src/services/directory/matching/restrictions');
    expect(findRestrictions('For older people')).toEqual(['For older people']);
    expect(judgeRestrictions(['For older people'], { needs: ['loneliness'], age: 67 })).toEqual({ fits: ['For older people'], unsure: [] });
    expect(judgeRestrictions(['For older people'], { needs: ['loneliness'], age: 30 })).toEqual({ fits: [], unsure: ['For older people'] });
    expect(judgeRestrictions(['For older people'], { needs: ['loneliness'] })).toEqual({ fits: [], unsure: ['For older people'] });
  });

  it('ranks a made-up "members only" service after an unrestricted one meeting the same need, wherever it is', () => {
    const near = madeUpService({ id: 't:1', name: 'Members Club', needs: ['loneliness'], locations: [{ postcode: 'S10 2GB', latitude: 53.38, longitude: -1.49 }], eligibility: { restrictions: ['Members only'] } });
    const far = madeUpService({ id: 't:2', name: 'Open Cafe', needs: ['loneliness'], locations: [{ postcode: 'S6 3BS', latitude: 53.41, longitude: -1.5 }] });
    expect(match({ needs: ['loneliness'], origin: place('S10') }, [near, far]).map((r) => r.service.name)).toEqual(['Open Cafe', 'Members Club']);
  });
});
