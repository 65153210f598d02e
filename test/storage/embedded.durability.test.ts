/**
 * The embedded store keeps everything it acknowledged across a kill -9: a child process writes to every port and
 * says "ack" after each round; it is killed with SIGKILL mid-stream and the store, reopened, holds every acked round.
 * (SQLite commits each write to its WAL before it returns, fsync'ed for all but bot state: see database.ts.)
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openEmbeddedStores, DATABASE_FILE } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/tempDir';
import { newReferral } from './records';

const CHILD = path.join(__dirname, 'fixtures', 'writeUntilKilled.js');

/** Runs the child until it has acknowledged `rounds` rounds, then SIGKILLs it; resolves with the acknowledged rounds. */
function writeThenKill(dataDir: string, rounds: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const match = /^ack (\d+)$/.exec(line);
        if (match) acked.push(Number(match[1]));
      }
      if (acked.length >= rounds && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`child exited ${code} before being killed: ${stderr}`));
    });
  });
}

describe('embedded store durability', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDataDir('signpost-durability-');
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loses nothing acknowledged when the process is killed with SIGKILL mid-write, and opens again', async () => {
    const acked = await writeThenKill(dataDir, 60);
    expect(acked.length).toBeGreaterThanOrEqual(60);
    const stores = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    try {
      const state = await stores.botState.read(acked.map((i) => `k${i}`));
      for (const i of acked) {
        expect(await stores.referrals.get(`SP-K${i}`)).toMatchObject({ personId: `person-${i}` });
        expect(await stores.handoffs.findOpenByConversation(`conv-${i}`)).toMatchObject({ personId: `person-${i}` });
        expect(state[`k${i}`]).toMatchObject({ i });
        expect(await stores.audit.listByRecord('referral', `SP-K${i}`)).toHaveLength(1);
        expect(await stores.directory.get(`svc-${i}`)).not.toBeNull();
      }
      // Still writable after the crash.
      await stores.referrals.create(newReferral({ reference: 'SP-AFTER' }));
    } finally {
      await stores.close();
    }
    const again = await openEmbeddedStores({ dataDir, retentionDays: 730 });
    expect(await again.referrals.get('SP-AFTER')).not.toBeNull();
    await again.close();
  });

  it('refuses to open a file that is not a database with an error naming it, and leaves the file as it was', async () => {
    const file = path.join(dataDir, DATABASE_FILE);
    writeFileSync(file, 'not a database, not even close to one: '.repeat(200));
    await expect(openEmbeddedStores({ dataDir, retentionDays: 730 })).rejects.toThrow(new RegExp(`could not open .*${DATABASE_FILE}`));
    expect(readFileSync(file, 'utf8')).toBe('not a database, not even close to one: '.repeat(200));
  });
});
