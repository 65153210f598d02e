import { rmSync } from 'node:fs';
import { newReference, normaliseReference, createWithNewReference, REFERENCE_ALPHABET, REFERENCE_PATTERN } from '../../../src/services/referrals/referenceCode';
import { toNewReferral } from '../../../src/services/referrals/draft';
import { DuplicateReferenceError } from '../../../src/services/referrals/ReferralRepository';
import { openEmbeddedStores } from '../../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../../src/storage/Stores';
import { tempDataDir } from '../../helpers/tempDir';

const CONTEXT = { personId: 'p-1', channel: 'test', conversationId: 'c-1', urgent: false, consentAt: new Date('2025-06-02T10:00:00Z') };
const DRAFT = { contactMethod: 'none' as const, needs: ['loneliness'] };

describe('referral references', () => {
  it('are SP- and five characters with no look-alikes or sound-alikes', () => {
    for (let i = 0; i < 2000; i++) expect(newReference()).toMatch(REFERENCE_PATTERN);
    for (const confusable of '0O1IL2Z5S8BUV') expect(REFERENCE_ALPHABET).not.toContain(confusable);
    expect(new Set(Array.from({ length: 2000 }, () => newReference())).size).toBeGreaterThan(1990);
  });

  it('are read back however people type them', () => {
    expect(normaliseReference('sp 7k3q9')).toBe('SP-7K3Q9');
    expect(normaliseReference('SP7K3Q9')).toBe('SP-7K3Q9');
    expect(normaliseReference('7k3q9')).toBe('SP-7K3Q9');
    expect(normaliseReference('SP-0O1IL')).toBeUndefined();
    expect(normaliseReference('hello')).toBeUndefined();
  });
});

describe('saving under a new reference on the embedded store', () => {
  let stores: Stores;
  let dir: string;
  beforeEach(async () => {
    dir = tempDataDir();
    stores = await openEmbeddedStores({ dataDir: dir, retentionDays: 730 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('draws again when a reference is taken', async () => {
    // The first draw always gives SP-33333 (taken); later draws give SP-44444.
    let draws = 0;
    const random = () => (draws++ < 5 ? 0 : 1);
    await stores.referrals.create(toNewReferral(DRAFT, { ...CONTEXT, reference: 'SP-33333' }));
    const saved = await createWithNewReference(stores.referrals, (reference) => toNewReferral(DRAFT, { ...CONTEXT, reference }), random);
    expect(saved.reference).toBe('SP-44444');
    expect((await stores.referrals.list()).total).toBe(2);
  });

  it('gives up after a few clashes, and passes other errors straight through', async () => {
    await stores.referrals.create(toNewReferral(DRAFT, { ...CONTEXT, reference: 'SP-33333' }));
    await expect(createWithNewReference(stores.referrals, (reference) => toNewReferral(DRAFT, { ...CONTEXT, reference }), () => 0)).rejects.toBeInstanceOf(DuplicateReferenceError);
    await expect(createWithNewReference(stores.referrals, (reference) => toNewReferral({ contactMethod: 'none' }, { ...CONTEXT, reference }))).rejects.toThrow(/at least one need/);
  });
});

describe('a draft as a referral', () => {
  it('carries only what was given, with consent and urgency', () => {
    const referral = toNewReferral(
      { preferredName: 'Sam', contactMethod: 'text', contactValue: '+447700900123', needs: ['money'], wellbeing: { happiness: 3 } },
      { ...CONTEXT, reference: 'SP-7K3Q9', urgent: true },
    );
    expect(referral).toEqual({
      reference: 'SP-7K3Q9', personId: 'p-1', channel: 'test', conversationId: 'c-1', status: 'new', urgent: true,
      consent: { given: true, at: CONTEXT.consentAt },
      person: { preferredName: 'Sam', contactMethod: 'text', contactValue: '+447700900123' },
      needs: ['money'], wellbeingAtIntake: { happiness: 3 }, servicesOffered: [],
    });
  });

  it('drops a contact detail when no contact was chosen', () => {
    expect(toNewReferral({ contactMethod: 'none', contactValue: 'x@example.com', needs: ['food'] }, { ...CONTEXT, reference: 'SP-7K3Q9' }).person).toEqual({ contactMethod: 'none' });
  });
});
