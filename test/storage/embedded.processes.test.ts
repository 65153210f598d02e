/**
 * Several processes on one embedded store: two processes race to claim the same queue of handoffs and the same outbox
 * of texts; every handoff and text is claimed exactly once, and both processes get some (both really ran at once).
 */
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { openEmbeddedStores } from '../../src/storage/embedded/openEmbeddedStores';
import type { Stores } from '../../src/storage/Stores';
import { tempDataDir } from '../helpers/tempDir';
import { newHandoff } from './records';

const CHILD = path.join(__dirname, 'fixtures', 'claimUntilEmpty.js');

jest.setTimeout(120_000);

interface Racer {
  ready: Promise<void>;
  go(at: number): void;
  done: Promise<string[]>;
}

function racer(dataDir: string, what: 'handoffs' | 'texts', worker: string): Racer {
  const child = spawn(process.execPath, [CHILD, dataDir, what, worker], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.startsWith('ready\n')) signalReady();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const done = new Promise<string[]>((resolve, reject) => {
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1]) as string[]) : reject(new Error(`racer exited ${code}: ${err}`))));
  });
  return { ready, go: (at) => child.stdin.end(`go ${at}\n`), done };
}

async function race(dataDir: string, what: 'handoffs' | 'texts'): Promise<string[][]> {
  const racers = [racer(dataDir, what, 'one'), racer(dataDir, what, 'two')];
  await Promise.all(racers.map((r) => r.ready));
  const at = Date.now() + 200;
  racers.forEach((r) => r.go(at));
  return Promise.all(racers.map((r) => r.done));
}

describe('two processes on one embedded store', () => {
  let dataDir: string;
  let stores: Stores;
  beforeEach(async () => {
    dataDir = tempDataDir('signpost-processes-');
    stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
  });
  afterEach(async () => {
    await stores.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('claim every waiting handoff exactly once between them', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 500; i += 1) ids.push((await stores.handoffs.enqueue(newHandoff({ priority: i % 7 === 0 ? 'urgent' : 'normal' }))).id);
    const [one, two] = await race(dataDir, 'handoffs');
    expect([...one, ...two].sort()).toEqual([...ids].sort());
    expect(new Set([...one, ...two]).size).toBe(ids.length);
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    const active = await stores.handoffs.list('active');
    expect(active.filter((h) => h.claimedBy === 'one').map((h) => h.id).sort()).toEqual([...one].sort());
  });

  it('lease every text exactly once between them, each number in order', async () => {
    const queued = [];
    for (let i = 0; i < 200; i += 1) {
      queued.push(...(await stores.smsOutbox.enqueue([1, 2, 3].map((n) => ({ to: `+4477009${String(i).padStart(5, '0')}`, conversationId: `sms-${i}`, body: `text ${n}`, segments: 1, encoding: 'GSM-7' as const })))));
    }
    const [one, two] = await race(dataDir, 'texts');
    expect([...one, ...two].sort()).toEqual(queued.map((t) => t.id).sort());
    expect(new Set([...one, ...two]).size).toBe(queued.length);
    expect(one.length).toBeGreaterThan(0);
    expect(two.length).toBeGreaterThan(0);
    expect(await stores.smsOutbox.pendingCount()).toBe(0);
    for (const text of queued) expect(await stores.smsOutbox.get(text.id)).toMatchObject({ status: 'sent', attempts: 1 });
    // A number's next text is leased only once the one before it was sent.
    for (let i = 0; i < 200; i += 1) {
      const sent = (await stores.smsOutbox.listByConversation(`sms-${i}`)).map((t) => t.sentAt!.getTime());
      expect(sent).toEqual([...sent].sort((a, b) => a - b));
    }
  });
});
