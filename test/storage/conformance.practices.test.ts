/**
 * Conformance: the GP practice list (PracticeList) on every adapter: import replaces the list, found by ODS code and
 * by name key, survives reopening.
 */
import { practiceNameKey } from '../../src/services/dataset/practices';
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('practices', (h) => {
  it('replaces the whole list on import, and finds practices by code and by name key', async () => {
    const practices = h.stores().practices;
    expect(await practices.count()).toBe(0);
    expect(await practices.replaceAll([
      { odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' },
      { odsCode: 'L81018', name: 'THE PARK SURGERY' },
      { odsCode: 'Y01234', name: 'PARK SURGERY', postcode: 'BS16 5HQ' },
    ])).toBe(3);
    expect(await practices.get('L81004')).toEqual({ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE', postcode: 'BS16 3TD' });
    expect(await practices.get('L81018')).toEqual({ odsCode: 'L81018', name: 'THE PARK SURGERY' });
    expect(await practices.get('NOPE1')).toBeNull();
    expect((await practices.findByNameKey(practiceNameKey('Park Surgery'))).map((p) => p.odsCode)).toEqual(['L81018', 'Y01234']);
    expect((await practices.findByNameKey('park', 1)).map((p) => p.odsCode)).toEqual(['L81018']);
    expect(await practices.findByNameKey('downend')).toEqual([]);

    // A new import is the list: practices no longer in it go.
    expect(await practices.replaceAll([{ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE (NEW NAME)' }])).toBe(1);
    expect(await practices.get('L81018')).toBeNull();
    const reopened = await h.reopen();
    expect(await reopened.practices.get('L81004')).toEqual({ odsCode: 'L81004', name: 'FISHPONDS FAMILY PRACTICE (NEW NAME)' });
    expect(await reopened.practices.count()).toBe(1);
  });
});
