/** Test records for the storage ports: valid by default, overridable field by field. */
import { randomUUID } from 'node:crypto';
import type { DirectoryService } from '../../src/services/directory/DirectoryService';
import type { NewHandoff } from '../../src/services/handoff/Handoff';
import type { NewReferral } from '../../src/services/referrals/Referral';

let counter = 0;

export function newReferral(overrides: Partial<NewReferral> = {}): NewReferral {
  counter += 1;
  return {
    reference: `SP-T${counter.toString().padStart(4, '0')}${randomUUID().slice(0, 4).toUpperCase()}`,
    personId: `person-${randomUUID()}`,
    channel: 'directline',
    conversationId: `conv-${randomUUID()}`,
    status: 'new',
    urgent: false,
    consent: { given: true, at: new Date('2025-01-02T10:00:00Z') },
    person: { preferredName: 'Sam', postcode: 'BS16 1QY', contactMethod: 'text', contactValue: '+447700900123', dateOfBirth: '1980-04-01' },
    whatMatters: 'Getting out of the house more',
    needs: ['loneliness'],
    wellbeingAtIntake: { lifeSatisfaction: 4, worthwhile: 5, happiness: 3, anxiety: 7 },
    servicesOffered: [],
    ...overrides,
  };
}

export function newHandoff(overrides: Partial<NewHandoff> = {}): NewHandoff {
  const conversationId = overrides.conversationId ?? `conv-${randomUUID()}`;
  return {
    personId: `person-${randomUUID()}`,
    channel: 'directline',
    conversationId,
    conversationReference: {
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:3978',
      conversation: { id: conversationId, isGroup: false, conversationType: 'personal', name: 'chat' },
      user: { id: 'user-1', name: 'user' },
      bot: { id: 'signpost', name: 'Signpost' },
    },
    priority: 'normal',
    summary: 'Needs: loneliness',
    ...overrides,
  };
}

export function directoryService(overrides: Partial<DirectoryService> = {}): DirectoryService {
  const id = overrides.id ?? `svc-${randomUUID()}`;
  return {
    id,
    name: `Service ${id}`,
    description: 'A friendly group',
    needs: ['loneliness'],
    taxonomyTerms: ['befriending'],
    locations: [{ name: 'Hall', postcode: 'BS1 1AA', latitude: 51.45, longitude: -2.59 }],
    coverage: 'local',
    delivery: ['in-person'],
    openingTimes: [{ days: [1, 3], opens: '10:00', closes: '12:00' }],
    eligibility: { minAge: 18 },
    free: true,
    source: { dataset: 'test', licence: 'OGL-UK-3.0' },
    updatedAt: new Date('2025-03-01T00:00:00Z'),
    ...overrides,
  };
}

export const DAY_MS = 24 * 60 * 60 * 1000;
