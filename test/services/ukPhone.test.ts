/**
 * UK phone numbers, the one reader used by the intake (text or call), "text me these" and the follow-ups: mobiles
 * can be texted, landlines and mobiles can be rung, everything stored as E.164.
 */
import { isUkMobile, nationalFormat, numberEnding, parseUkMobile, parseUkPhone } from '../../src/services/contact/ukPhone';

describe('UK mobiles', () => {
  it.each([
    ['07911 123456', '+447911123456'],
    ['+44 7911 123456', '+447911123456'],
    ['07911123456', '+447911123456'],
    ['(07911) 123-456', '+447911123456'],
    ['my number is 07911 123456', '+447911123456'],
    ['07706 285280', '+447706285280'],
    ['07624 123456', '+447624123456'], // Isle of Man: UK numbering, a type only the full metadata knows
    ['07700 900123', '+447700900123'], // Ofcom's drama range: never a real phone
  ])('reads %j', (input, e164) => {
    expect(parseUkMobile(input)).toBe(e164);
    expect(isUkMobile(e164)).toBe(true);
  });

  it.each(['0117 496 0123', '0114 321 0733', '999', '12345', '+1 415 555 2671', 'call me maybe', 'my number', '07700 9001', '07911 12345'])('refuses %j', (input) => {
    expect(parseUkMobile(input)).toBeUndefined();
  });

  it('does not call a stored landline or a foreign number a mobile', () => {
    expect(isUkMobile('+441174960123')).toBe(false);
    expect(isUkMobile('+14155552671')).toBe(false);
    expect(isUkMobile('07911123456')).toBe(false);
  });
});

describe('UK phones for a call', () => {
  it('take a landline or a mobile, not a short or free-text number', () => {
    expect(parseUkPhone('0117 496 0123')).toBe('+441174960123');
    expect(parseUkPhone('020 7946 0123')).toBe('+442079460123');
    expect(parseUkPhone('07700 900123')).toBe('+447700900123');
    expect(parseUkPhone('0800 1111')).toBeUndefined();
  });

  it('are shown as people write them', () => {
    expect(nationalFormat('+447700900123')).toBe('07700 900123');
    expect(numberEnding('+447911123456')).toBe('456');
  });
});
