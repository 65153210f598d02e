/** NHS numbers: ten digits, modulus 11 check digit (NHS Data Dictionary), as people write them. */
import fc from 'fast-check';
import { formatNhsNumber, isValidNhsNumber, nhsCheckDigit, parseNhsNumber } from '../../src/services/dataset/nhsNumber';

describe('NHS number', () => {
  it('accepts valid numbers written with spaces, dashes or words around them', () => {
    for (const text of ['9434765919', '943 476 5919', '943-476-5919', ' 943 476 5919 ', 'my nhs number is 943 476 5919', 'NHS number: 9434765919']) {
      expect(parseNhsNumber(text)).toEqual({ ok: true, nhsNumber: '9434765919' });
    }
    expect(formatNhsNumber('9434765919')).toBe('943 476 5919');
  });

  it('says which is wrong: the length, or the check digit', () => {
    expect(parseNhsNumber('943 476 591')).toEqual({ ok: false, problem: 'length' });
    expect(parseNhsNumber('94347659190')).toEqual({ ok: false, problem: 'length' });
    expect(parseNhsNumber('abc')).toEqual({ ok: false, problem: 'length' });
    expect(parseNhsNumber('9434765918')).toEqual({ ok: false, problem: 'checkDigit' });
  });

  it('computes the check digit as the Data Dictionary says (11 -> 0; 10 -> no valid number)', () => {
    // 943476591: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11 - 2 = 9.
    expect(nhsCheckDigit('943476591')).toBe(9);
    // Sum 0 gives remainder 0: 11 - 0 = 11, read as 0.
    expect(nhsCheckDigit('000000000')).toBe(0);
    expect(isValidNhsNumber('0000000000')).toBe(true);
    // 100000000: sum 10, remainder 10, 11 - 10 = 1. 000000001: sum 2, 11 - 2 = 9. 000000060: 6*3 = 18, 18 mod 11 = 7, 11 - 7 = 4.
    expect(nhsCheckDigit('100000000')).toBe(1);
    expect(nhsCheckDigit('000000060')).toBe(4);
    // 000000005: 5*2 = 10, remainder 10, 11 - 10 = 1... and 000000010: 1*3 = 3 -> 8. A sum with remainder 1 gives 10: 000000050 (5*3 = 15, 15 mod 11 = 4 -> 7)
    // 000000100: 1*4 = 4 -> 7; 000000600: 6*4 = 24, 24 mod 11 = 2 -> 9; find one with remainder 1: 000000300 (3*4 = 12, 12 mod 11 = 1) -> 10: invalid.
    expect(nhsCheckDigit('000000300')).toBeUndefined();
    for (let digit = 0; digit <= 9; digit += 1) expect(isValidNhsNumber(`000000300${digit}`)).toBe(false);
  });

  it('rejects every single-digit typo of a valid number (property-based)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }), fc.nat(9), fc.integer({ min: 1, max: 9 }), (digits, position, change) => {
        const nine = digits.join('');
        const check = nhsCheckDigit(nine);
        fc.pre(check !== undefined);
        const valid = `${nine}${check}`;
        expect(isValidNhsNumber(valid)).toBe(true);
        const typo = valid.slice(0, position) + String((Number(valid[position]) + change) % 10) + valid.slice(position + 1);
        expect(isValidNhsNumber(typo)).toBe(false);
      }),
    );
  });
});
