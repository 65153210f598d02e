/**
 * The embedded bot state (EmbeddedBotState on SQLite's bot_state table, written through the synchronous=NORMAL
 * connection): what one connection writes another reads at once, and the eTag check holds across processes sharing
 * the file (two connections stand for two processes: each write is its own immediate transaction). The eTag contract
 * itself is in conformance.botState.test.ts and the kill -9 test in embedded.durability.test.ts.
 */
import { rmSync } from 'node:fs';
import { EmbeddedBotState } from '../../src/storage/embedded/EmbeddedBotState';
import { tempDataDir } from '../helpers/tempDir';

describe('embedded bot state', () => {
  let dir: string;
  let a: EmbeddedBotState;
  let b: EmbeddedBotState;
  beforeEach(async () => {
    dir = tempDataDir('signpost-botstate-');
    a = await EmbeddedBotState.open(dir);
    b = await EmbeddedBotState.open(dir);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads in one connection what the other wrote, at once', async () => {
    await a.write({ k: { n: 1 } });
    expect(await b.read(['k'])).toMatchObject({ k: { n: 1 } });
    await b.writeJson('k', '{"n":2}');
    expect(await a.readJson('k')).toBe('{"n":2}');
    await a.delete(['k']);
    expect(await b.read(['k'])).toEqual({});
  });

  it('lets exactly one of two writers holding the same eTag win, whichever connection each uses', async () => {
    await a.write({ k: { n: 0 } });
    const { k } = await a.read(['k']);
    const results = await Promise.allSettled([a.write({ k: { ...k, n: 1 } }), b.write({ k: { ...k, n: 2 } })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([expect.stringMatching(/eTag conflict/)]);
  });

  it('writes several items all or none: a conflict on one leaves the others as they were', async () => {
    await a.write({ x: { n: 1 }, y: { n: 1 } });
    await expect(b.write({ x: { n: 2 }, y: { n: 2, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
    expect(await a.read(['x', 'y'])).toMatchObject({ x: { n: 1 }, y: { n: 1 } });
  });

  it('removes by retention only what was not written since the cutoff', async () => {
    await a.write({ old: { n: 1 } });
    const cutoff = new Date(Date.now() + 1);
    await new Promise((r) => setTimeout(r, 5));
    await b.write({ fresh: { n: 1 } });
    expect(await a.purgeOlderThan(cutoff)).toBe(1);
    expect(Object.keys(await b.read(['old', 'fresh']))).toEqual(['fresh']);
  });
});
