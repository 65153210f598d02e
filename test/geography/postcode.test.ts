import fc from 'fast-check';
import { districtInText, parsePostcode, postcodeDistrict } from '../../src/services/geography/postcode';

describe('parsePostcode', () => {
  it.each([
    ['bs16 1qy', 'BS16 1QY', 'BS16'],
    ['BS161QY', 'BS16 1QY', 'BS16'],
    ['  s6  3bs ', 'S6 3BS', 'S6'],
    ['S63BS', 'S6 3BS', 'S6'],
    ['SW1A 1AA', 'SW1A 1AA', 'SW1A'],
    ['ec1a1bb', 'EC1A 1BB', 'EC1A'],
    ['M1 1AE', 'M1 1AE', 'M1'],
    ['G15 8AA', 'G15 8AA', 'G15'],
  ])('reads the full postcode %j as %s in %s', (input, postcode, district) => {
    expect(parsePostcode(input)).toEqual({ ok: true, kind: 'full', postcode, district });
  });

  it.each([['BS16', 'BS16'], ['bs16', 'BS16'], ['m1', 'M1'], [' SW1A ', 'SW1A'], ['W1A', 'W1A']])('reads the district %j', (input, district) => {
    expect(parsePostcode(input)).toEqual({ ok: true, kind: 'district', district });
  });

  it('says when nothing was given', () => {
    expect(parsePostcode('   ')).toEqual({ ok: false, reason: 'empty' });
  });

  it.each(['hello', '12345', 'BS16 1Q', 'BS16 1CI', 'B', 'BS16 1QYY', '1BS 6QY', 'BS16-1QY!'])('calls %j malformed', (input) => {
    expect(parsePostcode(input)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws, and a normalised postcode reads back as itself', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (input) => {
      const parsed = parsePostcode(input);
      if (parsed.ok) {
        expect(parsed.district).toMatch(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/);
        if (parsed.kind === 'full') expect(parsePostcode(parsed.postcode)).toEqual(parsed);
      }
    }));
  });

  it('gives the district of a postcode or undefined', () => {
    expect(postcodeDistrict('S10 2FD')).toBe('S10');
    expect(postcodeDistrict('not one')).toBeUndefined();
  });
});

describe('a place in a sentence (issue 21: "food, im in S6")', () => {
  it('finds a full postcode anywhere, and a postcode district after in, near, around, at or from', () => {
    expect(districtInText('food bank please, my postcode is s6 3bs')).toBe('S6');
    expect(districtInText('food, im in S6')).toBe('S6');
    expect(districtInText('food bank in sheffield S6 please')).toBe('S6');
    expect(districtInText('anything near bs16?')).toBe('BS16');
    expect(districtInText('lonely, live at G15 8AA')).toBe('G15');
  });

  it('does not take other words for a place: a vitamin, a road, a number', () => {
    expect(districtInText('help with my B12 injections')).toBeUndefined();
    expect(districtInText('stuck on the M1 every day')).toBeUndefined();
    expect(districtInText('i am 67 and lonely')).toBeUndefined();
    expect(districtInText('lonely')).toBeUndefined();
  });
});
