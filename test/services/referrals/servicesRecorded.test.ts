/** Support recorded by name and id: the services offered and the service referred to. */
import { referredService, servicesOffered } from '../../../src/services/referrals/servicesRecorded';

describe('services recorded on a referral', () => {
  const offered = { servicesOffered: ['svc-1', 'svc-2', 'old-3'], servicesOfferedNamed: [{ id: 'svc-1', name: 'Fishponds Lunch Club' }, { id: 'svc-2', name: 'Citizens Advice Bristol' }] };

  it('lists the services offered by name and id (older referrals kept ids only: shown by id)', () => {
    expect(servicesOffered(offered)).toEqual([{ id: 'svc-1', name: 'Fishponds Lunch Club' }, { id: 'svc-2', name: 'Citizens Advice Bristol' }, { id: 'old-3', name: 'old-3' }]);
  });

  it('names the service referred to, with its id when it was one of those offered', () => {
    const at = new Date('2025-03-10T11:00:00Z');
    expect(referredService({ ...offered, outcome: { type: 'referred', detail: ' fishponds  lunch club ', at } })).toEqual({ id: 'svc-1', name: 'fishponds  lunch club' });
    expect(referredService({ ...offered, outcome: { type: 'referred', detail: 'Bristol Foodbank', at } })).toEqual({ name: 'Bristol Foodbank' });
    expect(referredService({ ...offered, outcome: { type: 'signposted', at } })).toBeUndefined();
    expect(referredService({ ...offered, referredTo: { id: 'svc-2', name: 'Citizens Advice Bristol' }, outcome: { type: 'referred', detail: 'x', at } })).toEqual({ id: 'svc-2', name: 'Citizens Advice Bristol' });
  });
});
