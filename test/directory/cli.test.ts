/** The real `signpost directory` command (dist/src/cli.js, built by jest's globalSetup) on a temp data folder. */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../src/paths';
import { tempDataDir } from '../helpers/tempDir';
import { startFakeOruk, type FakeOruk } from './fakeOruk';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function signpost(dataDir: string, args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, SIGNPOST_DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test' };
  const child = spawn(process.execPath, [projectPath('dist', 'src', 'cli.js'), ...args], { env, cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

// Each test starts the real CLI several times; on a busy shared machine one start can take seconds.
jest.setTimeout(180_000);

const SHEFFIELD = projectPath('data', 'directory', 'sheffield_food', 'sheffield_food_support_with_coords.csv');

describe('signpost directory import', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir('signpost-cli-');
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('imports a CSV and prints the report; importing again updates, never duplicates', async () => {
    const first = await signpost(dataDir, ['directory', 'import', SHEFFIELD, '--dataset', 'sheffield_food', '--licence', 'MIT', '--progress']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('(CSV, dataset "sheffield_food")');
    expect(first.stdout).toContain('read 36: 36 new, 0 updated, 0 skipped, 4 warnings, 2 with limits on who it is for');
    expect(first.stdout).toContain('record 31 "FoodCycle Broomhall" (id 29): opening times only partly understood');
    expect(first.stderr).toMatch(/importing \[.*\] 100% \| 36\/36 records/);

    const again = await signpost(dataDir, ['directory', 'import', SHEFFIELD, '--dataset', 'sheffield_food', '--json']);
    expect(again.code).toBe(0);
    const report = JSON.parse(again.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ format: 'csv', dataset: 'sheffield_food', read: 36, imported: 0, updated: 36, skipped: [] });
    expect(again.stderr).not.toContain('importing [');
  });

  it('refuses a file it cannot read, clearly, and changes nothing', async () => {
    const bad = path.join(dataDir, 'broken.json');
    writeFileSync(bad, '{ "content": [ { "name": ');
    const run = await signpost(dataDir, ['directory', 'import', bad, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/this is not valid JSON/);
    const unknownFormat = await signpost(dataDir, ['directory', 'import', path.join(dataDir, 'x.txt')]);
    expect(unknownFormat.code).toBe(1);
    expect(unknownFormat.stderr).toContain('use --format oruk or --format csv');
    const badFormat = await signpost(dataDir, ['directory', 'import', bad, '--format', 'xml']);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toContain('use oruk or csv');
    const count = await signpost(dataDir, ['directory', 'match', '--needs', 'food', '--postcode', 'S6', '--json', '--limit', '100']);
    expect((JSON.parse(count.stdout) as unknown[]).length).toBe(36);
  });
});

describe('signpost directory match', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDataDir('signpost-cli-');
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('--json prints { id, name, needs, distanceMiles, reasons, contact } best first, from the bundled directory', async () => {
    const run = await signpost(dataDir, ['directory', 'match', '--needs', 'loneliness,food', '--postcode', 'S6', '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { id: string; name: string; needs: string[]; needsMet: string[]; distanceMiles: number | null; reasons: string[]; contact: Record<string, string | null> }[];
    expect(results).toHaveLength(10);
    for (const r of results) {
      expect(Object.keys(r)).toEqual(['id', 'name', 'needs', 'needsMet', 'distanceMiles', 'reasons', 'contact']);
      expect(typeof r.distanceMiles).toBe('number');
      expect(r.reasons.some((reason) => / from S6$/.test(reason))).toBe(true);
      expect(Object.keys(r.contact)).toEqual(['phone', 'url', 'email', 'address']);
    }
    // Best first: services meeting both needs come before those meeting one.
    const firstSingle = results.findIndex((r) => r.needsMet.length === 1);
    expect(results.slice(firstSingle).every((r) => r.needsMet.length === 1)).toBe(true);
    expect(results[0].needsMet).toEqual(['loneliness', 'food']);
    expect(results[0].reasons.slice(0, 2)).toEqual(['helps with loneliness and isolation', 'helps with food']);
  });

  it('is honest for BS16: nothing local in the bundled data, so only services people use from home, saying so', async () => {
    const run = await signpost(dataDir, ['directory', 'match', '--needs', 'loneliness,money', '--postcode', 'BS16 1QY', '--age', '67', '--json']);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout) as { id: string; needsMet: string[]; distanceMiles: number | null; reasons: string[] }[];
    expect(results.every((r) => r.id.startsWith('national_remote:') && r.distanceMiles === null)).toBe(true);
    expect(results.some((r) => r.needsMet.includes('loneliness'))).toBe(true);
    expect(results.some((r) => r.needsMet.includes('money'))).toBe(true);
    expect(results.every((r) => r.reasons.some((reason) => /so you can use it from home$/.test(reason)))).toBe(true);
    // Bristol is in England: the helpline naming England is offered, not those naming only Wales or Northern Ireland.
    const abuse = await signpost(dataDir, ['directory', 'match', '--needs', 'domestic-abuse', '--postcode', 'BS16 1QY', '--json']);
    const abuseIds = (JSON.parse(abuse.stdout) as { id: string }[]).map((r) => r.id);
    expect(abuseIds).toEqual(['national_remote:refuge-national-domestic-abuse-helpline']);
    const cardiff = await signpost(dataDir, ['directory', 'match', '--needs', 'domestic-abuse', '--postcode', 'CF10 1AA', '--json']);
    expect((JSON.parse(cardiff.stdout) as { id: string }[]).map((r) => r.id).sort())
      .toEqual(['national_remote:live-fear-free-helpline', 'national_remote:refuge-national-domestic-abuse-helpline']);
    // Bereavement has online services for anywhere since December 2026 (Marie Curie's community says whom it is for,
    // so it goes after Mind's pages, which say no such thing).
    const bereavement = await signpost(dataDir, ['directory', 'match', '--needs', 'bereavement', '--postcode', 'BS16 1QY', '--json']);
    expect((JSON.parse(bereavement.stdout) as { id: string }[]).map((r) => r.id))
      .toEqual(['national_remote:mind-bereavement-information', 'national_remote:marie-curie-online-community']);
    // Scotland has no domestic abuse service in the set (its helpline's own page was not found): said plainly.
    const none = await signpost(dataDir, ['directory', 'match', '--needs', 'domestic-abuse', '--postcode', 'G15 6SH']);
    expect(none.stdout).toBe('no services match domestic-abuse within reach of G15\n');
  });

  it('prints plain text for people, and clear errors for bad input', async () => {
    const text = await signpost(dataDir, ['directory', 'match', '--needs', 'loneliness', '--postcode', 'G15', '--limit', '2']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^1\. Growchapel Community Growing Space \(Growchapel Community Allotment Garden Association\)\n/);
    expect(text.stdout).toContain('Helps with loneliness and isolation. 0.4 miles from G15.');
    expect(text.stdout).toMatch(/\n\n2\. /);

    const unknown = await signpost(dataDir, ['directory', 'match', '--needs', 'loneliness', '--postcode', 'ZZ9 9ZZ']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('ZZ9 is not a postcode district Signpost knows');
    const malformed = await signpost(dataDir, ['directory', 'match', '--needs', 'loneliness', '--postcode', 'nowhere']);
    expect(malformed.stderr).toContain('"nowhere" does not look like a UK postcode');
    const need = await signpost(dataDir, ['directory', 'match', '--needs', 'lonely']);
    expect(need.code).not.toBe(0);
    expect(need.stderr).toContain('unknown need lonely; the needs are loneliness, money');
    const age = await signpost(dataDir, ['directory', 'match', '--needs', 'food', '--age', 'old']);
    expect(age.stderr).toContain('a whole number of years');
  });
});

describe('signpost directory sync', () => {
  let dataDir: string;
  let fake: FakeOruk;
  beforeAll(async () => {
    dataDir = tempDataDir('signpost-cli-sync-');
    const records = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'bristol_openplace_services_2024-12_sample.json'), 'utf8')) as Record<string, unknown>[];
    fake = await startFakeOruk(records);
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('imports the feed with progress, then a second run updates one and makes one inactive', async () => {
    const first = await signpost(dataDir, ['directory', 'sync', fake.url, '--dataset', 'fake', '--progress']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api \(dataset "fake"\)\nlisted 40: \d+ new, 0 updated, 0 unchanged, 0 made inactive/);
    expect(first.stderr).toMatch(/fetching \[.*\] 100% \| 40\/40 services/);

    const usable = [...fake.records.values()].filter((r) => typeof r.name === 'string' && r.name !== '' && typeof r.url === 'string' && r.url !== '');
    usable[0].name = `${String(usable[0].name)} (renamed)`;
    fake.records.delete(String(usable[1].id));
    const second = await signpost(dataDir, ['directory', 'sync', fake.url, '--dataset', 'fake', '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as { updated: number; inserted: number; deactivated: string[] };
    expect(report).toMatchObject({ updated: 1, inserted: 0, deactivated: [`fake:${String(usable[1].id)}`] });
  });

  it('says plainly when the feed cannot be read', async () => {
    const run = await signpost(dataDir, ['directory', 'sync', 'not a url']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('is not a web address');
  });
});
