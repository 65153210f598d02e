/**
 * Honest distances (issue 17): a service in the person's own postcode sector is "near you", not "1.3 miles from S10"
 * (district centres); full-postcode positions are used where the bundled data has them (Sheffield); and one
 * conversation never shows two distances for one service.
 */
import { matchServices } from '../../src/services/directory/matching/matchServices';
import { serviceAsText } from '../../src/services/directory/present/serviceCards';
import { smsLine } from '../../src/services/directory/present/smsList';
import { bundledGeography, type Place } from '../../src/services/geography/Geography';
import { milesBetween } from '../../src/services/geography/distance';
import { bundledServices, madeUpService } from './directoryKit';

const geography = bundledGeography();

describe('a full Sheffield postcode', () => {
  const located = geography.locate('S10 2GB');
  const place = (located.status === 'found' ? located.place : undefined) as Place;

  it('is measured from the centre of its postcode sector, and named by its district, which people know ("S10", not "S10 2")', () => {
    expect(place).toMatchObject({ label: 'S10', district: 'S10', sector: 'S10 2', area: 'Sheffield' });
    expect(milesBetween(place, geography.district('S10') as Place)).toBeGreaterThan(0.2);
  });

  it('makes a service in the same sector "near you", on the card and by SMS alike', () => {
    const results = matchServices(bundledServices(), { needs: ['food'], origin: place }, geography);
    const bens = results.find((r) => r.service.name === "Ben's Centre");
    expect(bens?.where).toBe('near you');
    expect(serviceAsText(bens!)).toContain('Near you.');
    expect(smsLine(bens!, 1)).toContain('Near you');
    expect(serviceAsText(bens!)).not.toMatch(/miles? from/);
  });

  it('places a location known only by its full postcode at that postcode, not its district centre', () => {
    const byPostcode = madeUpService({ id: 't:pc', name: 'Made-up Hall', needs: ['food'], delivery: ['in-person'], locations: [{ postcode: 'S6 3BS' }] });
    const [r] = matchServices([byPostcode], { needs: ['food'], origin: place }, geography);
    const position = geography.position('S6 3BS');
    expect(position).toBeDefined();
    expect(r.distanceMiles).toBeCloseTo(milesBetween(place, position!), 1);
    expect(r.where).toBe(`${r.distanceMiles} miles from S10`);
  });

  it('a district alone, or a postcode outside the bundled positions, still uses the district centre', () => {
    expect(geography.locate('S10')).toMatchObject({ status: 'found', place: { label: 'S10', district: 'S10' } });
    const bristol = geography.locate('BS16 1QY');
    expect(bristol).toMatchObject({ status: 'found', place: { label: 'BS16', district: 'BS16' } });
    expect(bristol.status === 'found' && bristol.place.sector).toBeFalsy();
  });
});
