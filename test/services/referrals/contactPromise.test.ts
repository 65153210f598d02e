import { contactDueBy, withinPromise } from '../../../src/services/referrals/contactPromise';

describe('the contact promise (REFERRAL_CONTACT_DAYS working days)', () => {
  it('counts Monday to Friday in London from the day after, to the end of the last working day', () => {
    // Monday 2 June 2025, 10:00 BST: 5 working days -> Tue, Wed, Thu, Fri, Mon: ends at London midnight after Monday 9 June.
    expect(contactDueBy(new Date('2025-06-02T09:00:00Z'), 5).toISOString()).toBe('2025-06-09T23:00:00.000Z');
    // Friday 6 June 2025 evening: Mon..Fri next week.
    expect(contactDueBy(new Date('2025-06-06T20:00:00Z'), 5).toISOString()).toBe('2025-06-13T23:00:00.000Z');
    // Saturday, in winter (GMT): 1 working day -> Monday, ending at midnight GMT.
    expect(contactDueBy(new Date('2025-01-04T12:00:00Z'), 1).toISOString()).toBe('2025-01-07T00:00:00.000Z');
    // 23:30 UTC on Sunday 1 June is 00:30 Monday in London: counted from Monday.
    expect(contactDueBy(new Date('2025-06-01T23:30:00Z'), 1).toISOString()).toBe('2025-06-03T23:00:00.000Z');
  });

  it('says whether first contact, or now with none yet, came within it', () => {
    const created = new Date('2025-06-02T09:00:00Z');
    expect(withinPromise(created, new Date('2025-06-09T22:59:00Z'), 5, new Date('2025-07-01T00:00:00Z'))).toBe(true);
    expect(withinPromise(created, new Date('2025-06-09T23:00:01Z'), 5, new Date('2025-06-03T00:00:00Z'))).toBe(false);
    expect(withinPromise(created, undefined, 5, new Date('2025-06-10T00:00:00Z'))).toBe(false);
  });
});
