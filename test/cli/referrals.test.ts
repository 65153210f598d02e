/**
 * The real `signpost referrals` command (dist/src/cli.js, built by jest's globalSetup) against an embedded store on
 * disk that this test filled through the same store the server uses.
 */
import { rmSync } from 'node:fs';
import os from 'node:os';
import { loadConfig } from '../../src/config';
import type { AuditEntry } from '../../src/services/audit/AuditLog';
import { toFhirBundle, type Bundle } from '../../src/services/interop/fhir';
import type { NewReferral, Referral } from '../../src/services/referrals/Referral';
import { openStores } from '../../src/storage';
import { tempDataDir } from '../helpers/tempDir';
import { fhirValidator } from '../interop/fhirSchema';
import { runCli, type CliResult } from '../nlu/runCli';

const PUBLIC_URL = 'https://signpost.example-practice.nhs.uk';
const FHIR_IDENTIFIER_BASE = 'https://fhir.example-icb.nhs.uk/signpost';

// Each run starts a real process (about 2 s of CPU for the whole CLI's modules; more on a busy machine), one at a time:
// the embedded store admits one process per data folder.
jest.setTimeout(120_000);

function newReferral(reference: string, overrides: Partial<NewReferral> = {}): NewReferral {
  return {
    reference,
    personId: `person-${reference}`,
    channel: 'directline',
    conversationId: `conv-${reference}`,
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates referrals one after another (distinct createdAt), applies status changes, and closes the store. */
async function fillStore(dataDir: string, referrals: NewReferral[], updates: Record<string, Partial<Referral>> = {}): Promise<Referral[]> {
  const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir }));
  try {
    const saved: Referral[] = [];
    for (const referral of referrals) {
      saved.push(await stores.referrals.create(referral));
      await sleep(3);
    }
    for (const [reference, patch] of Object.entries(updates)) saved[saved.findIndex((r) => r.reference === reference)] = await stores.referrals.update(reference, patch);
    return saved;
  } finally {
    await stores.close();
  }
}

function signpost(dataDir: string, args: string[]): Promise<CliResult> {
  return runCli(args, { env: { SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn', PUBLIC_URL, FHIR_IDENTIFIER_BASE } });
}

/** What the audit log holds about one referral (read after the CLI process has closed the store). */
async function auditOf(dataDir: string, reference: string, recordType = 'referral'): Promise<AuditEntry[]> {
  const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir }));
  try {
    return await stores.audit.listByRecord(recordType, reference);
  } finally {
    await stores.close();
  }
}

function json<T>(run: CliResult): T {
  if (run.code !== 0) throw new Error(`exit ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

describe('signpost referrals', () => {
  let dataDir: string;
  let saved: Referral[];

  beforeAll(async () => {
    dataDir = tempDataDir('signpost-referrals-cli-');
    saved = await fillStore(
      dataDir,
      [
        newReferral('SP-3ACDE', { channel: 'sms', needs: ['money', 'housing'], person: { contactMethod: 'phone', contactValue: '+441179000000' } }),
        newReferral('SP-4FGHJ', { urgent: true, needs: ['mental-wellbeing'], person: { preferredName: 'Ana', postcode: 'LS6 2AB', contactMethod: 'email', contactValue: 'ana@example.org', gpPractice: 'Hyde Park Surgery' } }),
        newReferral('SP-6KMNP', { needs: ['loneliness', 'food'] }),
      ],
      { 'SP-3ACDE': { status: 'closed', outcome: { type: 'engaged', detail: 'joined a walking group', at: new Date('2025-02-01T12:00:00Z') } } },
    );
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  describe('list', () => {
    it('--json prints {reference, createdAt, channel, status, urgent, postcode, needs} for every referral, newest first', async () => {
      const rows = json<Record<string, unknown>[]>(await signpost(dataDir, ['referrals', 'list', '--json']));
      expect(rows).toEqual([
        { reference: 'SP-6KMNP', createdAt: saved[2].createdAt.toISOString(), channel: 'directline', status: 'new', urgent: false, postcode: 'BS16 1QY', needs: ['loneliness', 'food'] },
        { reference: 'SP-4FGHJ', createdAt: saved[1].createdAt.toISOString(), channel: 'directline', status: 'new', urgent: true, postcode: 'LS6 2AB', needs: ['mental-wellbeing'] },
        { reference: 'SP-3ACDE', createdAt: saved[0].createdAt.toISOString(), channel: 'sms', status: 'closed', urgent: false, postcode: null, needs: ['money', 'housing'] },
      ]);
      for (const row of rows) expect(Object.keys(row)).toEqual(['reference', 'createdAt', 'channel', 'status', 'urgent', 'postcode', 'needs']);
    });

    it('--status keeps only referrals with that status', async () => {
      expect(json<{ reference: string }[]>(await signpost(dataDir, ['referrals', 'list', '--status', 'closed', '--json'])).map((r) => r.reference)).toEqual(['SP-3ACDE']);
      expect(json<{ reference: string }[]>(await signpost(dataDir, ['referrals', 'list', '--status', 'new', '--json'])).map((r) => r.reference)).toEqual(['SP-6KMNP', 'SP-4FGHJ']);
    });

    it('refuses a status that does not exist, naming the ones that do', async () => {
      const run = await signpost(dataDir, ['referrals', 'list', '--status', 'open']);
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain('use one of new, handed-off, in-progress, closed');
    });

    it('prints a table for people, newest first', async () => {
      const run = await signpost(dataDir, ['referrals', 'list']);
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^REFERENCE\s+CREATED \(UTC\)\s+CHANNEL\s+STATUS\s+URGENT\s+POSTCODE\s+NEEDS$/);
      expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['SP-6KMNP', 'SP-4FGHJ', 'SP-3ACDE']);
      expect(lines[2]).toMatch(/SP-4FGHJ .* new\s+yes\s+LS6 2AB\s+mental-wellbeing$/);
      expect(lines[3]).toContain('money, housing');
      expect(lines[4]).toBe('3 referrals');
    });
  });

  describe('show', () => {
    it('prints everything one referral holds, for people, whatever case the reference is typed in', async () => {
      const run = await signpost(dataDir, ['referrals', 'show', ' sp-4fghj ']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('Referral SP-4FGHJ\n');
      expect(run.stdout).toMatch(/Status: +new, urgent\n/);
      expect(run.stdout).toMatch(/Name: +Ana\n/);
      expect(run.stdout).toMatch(/Postcode: +LS6 2AB\n/);
      expect(run.stdout).toMatch(/Contact: +email ana@example.org\n/);
      expect(run.stdout).toMatch(/GP practice: +Hyde Park Surgery\n/);
      expect(run.stdout).toMatch(/What matters: +Getting out of the house more\n/);
      expect(run.stdout).toMatch(/Needs: +Mental wellbeing \(mental-wellbeing\)\n/);
      expect(run.stdout).toMatch(/Wellbeing \(ONS4\): +life satisfaction 4, worthwhile 5, happiness 3, anxiety 7\n/);
      const closed = await signpost(dataDir, ['referrals', 'show', 'SP-3ACDE']);
      expect(closed.stdout).toMatch(/Outcome: +engaged: joined a walking group \(2025-02-01 12:00 UTC\)\n/);
      expect(closed.stdout).toMatch(/Needs: +Money and debt \(money\), Housing \(housing\)\n/);
    });

    it('--json prints the referral record', async () => {
      const record = json<Record<string, unknown>>(await signpost(dataDir, ['referrals', 'show', 'SP-6KMNP', '--json']));
      expect(record).toMatchObject({ reference: 'SP-6KMNP', personId: 'person-SP-6KMNP', status: 'new', needs: ['loneliness', 'food'], createdAt: saved[2].createdAt.toISOString() });
    });

    it('says clearly when no referral has the reference, and exits 1', async () => {
      const run = await signpost(dataDir, ['referrals', 'show', 'SP-XXXXX']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('No referral has the reference SP-XXXXX. See them all with: signpost referrals list');
    });
  });

  describe('export', () => {
    it('--fhir prints the referral as an HL7 FHIR R4 Bundle', async () => {
      const bundle = json<Bundle>(await signpost(dataDir, ['referrals', 'export', 'SP-4FGHJ', '--fhir']));
      const expected = toFhirBundle(saved[1], { identifierBase: FHIR_IDENTIFIER_BASE, exportedAt: new Date(bundle.timestamp) });
      expect(bundle).toEqual(JSON.parse(JSON.stringify(expected)));
      const fhir = fhirValidator();
      for (const entry of bundle.entry) expect(fhir.validateAs(entry.resource.resourceType, entry.resource)).toEqual({ valid: true, errors: [] });
      expect(bundle.entry[1].resource).toMatchObject({ resourceType: 'ServiceRequest', priority: 'urgent', identifier: [{ system: `${FHIR_IDENTIFIER_BASE}/fhir/NamingSystem/referral-reference`, value: 'SP-4FGHJ' }] });
    });

    it('asks for a format when --fhir is missing, and exits 1', async () => {
      const run = await signpost(dataDir, ['referrals', 'export', 'SP-4FGHJ']);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('Say which format to export: --fhir');
    });

    it('says clearly when no referral has the reference, and exits 1', async () => {
      const run = await signpost(dataDir, ['referrals', 'export', 'SP-NONE9', '--fhir']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('No referral has the reference SP-NONE9');
    });
  });
});

describe('signpost referrals list on a store with many or no referrals', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir('signpost-referrals-cli-');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints every referral, however many pages the store returns them in', async () => {
    const references = Array.from({ length: 450 }, (_, i) => `SP-P${String(i).padStart(4, '0')}`);
    await fillStore(dataDir, []);
    const stores = await openStores(loadConfig({ NODE_ENV: 'test', SIGNPOST_DATA_DIR: dataDir }));
    try {
      for (const reference of references) await stores.referrals.create(newReferral(reference));
    } finally {
      await stores.close();
    }
    const rows = json<{ reference: string; createdAt: string }[]>(await signpost(dataDir, ['referrals', 'list', '--json']));
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r.reference))).toEqual(new Set(references));
    const times = rows.map((r) => Date.parse(r.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('says so when there are none (and --json prints an empty array)', async () => {
    expect(json<unknown[]>(await signpost(dataDir, ['referrals', 'list', '--json']))).toEqual([]);
    const run = await signpost(dataDir, ['referrals', 'list']);
    expect(run.stdout).toBe('no referrals\n');
  });
});

describe('signpost referrals list, show and export write who looked to the audit log, as the console does', () => {
  // The CLI runs as the same operating system user as this test.
  const actor = `cli:${os.userInfo().username}`;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = tempDataDir('signpost-referrals-cli-');
    await fillStore(dataDir, [newReferral('SP-7K3Q9', { person: { preferredName: 'Ana', postcode: 'LS6 2AB', contactMethod: 'email', contactValue: 'ana@example.org' } })]);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('show (plain text or --json) and export --fhir each add an entry, with ids only', async () => {
    expect(await auditOf(dataDir, 'SP-7K3Q9')).toEqual([]);
    expect((await signpost(dataDir, ['referrals', 'show', 'sp-7k3q9'])).code).toBe(0);
    expect((await signpost(dataDir, ['referrals', 'show', 'SP-7K3Q9', '--json'])).code).toBe(0);
    json<Bundle>(await signpost(dataDir, ['referrals', 'export', 'SP-7K3Q9', '--fhir']));
    const entries = await auditOf(dataDir, 'SP-7K3Q9');
    expect(entries.map(({ actor, action, recordType, recordId }) => ({ actor, action, recordType, recordId }))).toEqual([
      { actor, action: 'view-referral', recordType: 'referral', recordId: 'SP-7K3Q9' },
      { actor, action: 'view-referral', recordType: 'referral', recordId: 'SP-7K3Q9' },
      { actor, action: 'export-fhir', recordType: 'referral', recordId: 'SP-7K3Q9' },
    ]);
    for (const entry of entries) expect(entry.at).toBeInstanceOf(Date);
    expect(JSON.stringify(entries)).not.toMatch(/Ana|LS6|ana@example/);
  });

  it('list adds one entry a run, naming the filter', async () => {
    expect((await signpost(dataDir, ['referrals', 'list'])).code).toBe(0);
    expect((await signpost(dataDir, ['referrals', 'list', '--status', 'new', '--json'])).code).toBe(0);
    expect((await auditOf(dataDir, 'all', 'referral-list')).map((e) => [e.actor, e.action])).toEqual([[actor, 'list-referrals']]);
    expect((await auditOf(dataDir, 'new', 'referral-list')).map((e) => [e.actor, e.action])).toEqual([[actor, 'list-referrals']]);
  });

  it('adds nothing when nothing is shown: an unknown reference, or an export with no format', async () => {
    const before = (await auditOf(dataDir, 'SP-7K3Q9')).length;
    expect((await signpost(dataDir, ['referrals', 'show', 'SP-XXXXX'])).code).toBe(1);
    expect((await signpost(dataDir, ['referrals', 'export', 'SP-7K3Q9'])).code).toBe(1);
    expect(await auditOf(dataDir, 'SP-XXXXX')).toEqual([]);
    expect(await auditOf(dataDir, 'SP-7K3Q9')).toHaveLength(before);
  });
});
