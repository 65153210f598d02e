import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { bundledGeography, DEFAULT_DISTRICTS_FILE, DistrictGeography } from '../../src/services/geography/Geography';
import { isLatLng, milesBetween, roundMiles } from '../../src/services/geography/distance';

describe('the bundled postcode-district table', () => {
  const geography = bundledGeography();

  it('holds every active UK district once (about 2,900), each inside the UK and Crown dependencies', () => {
    expect(geography.size).toBeGreaterThan(2800);
    const lines = readFileSync(DEFAULT_DISTRICTS_FILE, 'utf8').trim().split('\n').slice(1);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(lines.length);
    for (const line of lines) {
      const [, lat, lng] = line.split(',');
      expect(Number(lat)).toBeGreaterThan(49);
      expect(Number(lat)).toBeLessThan(61);
      expect(Number(lng)).toBeGreaterThan(-8.7);
      expect(Number(lng)).toBeLessThan(2);
    }
  });

  it('resolves a full postcode to its district', () => {
    const located = geography.locate('bs16 1qy');
    expect(located).toMatchObject({ status: 'found', postcode: 'BS16 1QY', place: { district: 'BS16', label: 'BS16', area: 'Bristol' } });
    if (located.status !== 'found') throw new Error('not found');
    expect(located.place.latitude).toBeCloseTo(51.49, 1);
    expect(located.place.longitude).toBeCloseTo(-2.51, 1);
  });

  it('resolves a district on its own', () => {
    expect(geography.locate('S6')).toMatchObject({ status: 'found', place: { district: 'S6', area: 'Sheffield' } });
    expect(geography.locate('S6')).not.toHaveProperty('postcode');
  });

  it('answers clearly for unknown, retired, non-geographic and malformed postcodes', () => {
    expect(geography.locate('ZZ9 9ZZ')).toEqual({ status: 'unknown', district: 'ZZ9' });
    expect(geography.locate('AB1 2BD')).toEqual({ status: 'unknown', district: 'AB1' }); // retired in the 1990s
    expect(geography.locate('BS98 1TL')).toEqual({ status: 'unknown', district: 'BS98' }); // non-geographic (large users)
    expect(geography.locate('BS12')).toEqual({ status: 'unknown', district: 'BS12' }); // retired
    expect(geography.locate('not a postcode')).toEqual({ status: 'malformed' });
    expect(geography.locate('')).toEqual({ status: 'empty' });
  });

  it('refuses a table with a broken row, naming it', () => {
    const file = `${os.tmpdir()}/signpost-bad-districts-${process.pid}.csv`;
    writeFileSync(file, 'district,latitude,longitude,area\nBS16,51.4,-2.5,Bristol\nS6,,-1.5,Sheffield\n');
    expect(() => DistrictGeography.fromFile(file)).toThrow(/row 3/);
  });
});

describe('distances', () => {
  it('measures great-circle miles (London to Manchester is about 163 miles)', () => {
    const london = { latitude: 51.5074, longitude: -0.1278 };
    const manchester = { latitude: 53.4808, longitude: -2.2426 };
    expect(milesBetween(london, manchester)).toBeGreaterThan(162);
    expect(milesBetween(london, manchester)).toBeLessThan(164);
    expect(milesBetween(london, london)).toBe(0);
  });

  it('measures between real districts: BS16 to S6 is about 140 miles', () => {
    const g = bundledGeography();
    const miles = milesBetween(g.district('BS16')!, g.district('S6')!);
    expect(miles).toBeGreaterThan(125);
    expect(miles).toBeLessThan(155);
  });

  it('rounds as people read distances', () => {
    expect(roundMiles(0.04)).toBe(0);
    expect(roundMiles(1.26)).toBe(1.3);
    expect(roundMiles(9.94)).toBe(9.9);
    expect(roundMiles(12.6)).toBe(13);
  });

  it('knows a real map position from a missing or impossible one', () => {
    expect(isLatLng({ latitude: 53.39, longitude: -1.48 })).toBe(true);
    expect(isLatLng({ latitude: 100, longitude: 101 })).toBe(false);
    expect(isLatLng({ latitude: 53 })).toBe(false);
  });
});
