/**
 * The embedded bot-state file (EmbeddedBotState on an AppendLog): nedb's line format both ways, a write acknowledged
 * only once it is in the file (also when it had to wait for a compaction), many concurrent writes, a failed write
 * leaving nothing behind, torn and corrupt files, and compaction alongside writes. The eTag contract itself is in conformance.botState.test.ts and the
 * kill -9 test in embedded.durability.test.ts.
 */
import fs, { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { EmbeddedBotState } from '../../src/storage/embedded/EmbeddedBotState';
import { DATA_FILES } from '../../src/storage/embedded/openEmbeddedStores';
import { tempDataDir } from '../helpers/testApp';

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('embedded bot state file', () => {
  let dir: string;
  let file: string;
  let state: EmbeddedBotState | undefined;
  beforeEach(() => {
    dir = tempDataDir('signpost-botstate-');
    file = path.join(dir, DATA_FILES.botState);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await state?.close();
    state = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens a file written by nedb (older installs), and nedb opens what it writes', async () => {
    const old = new Datastore({ filename: file });
    await old.loadDatabaseAsync();
    await old.ensureIndexAsync({ fieldName: 'updatedAt' });
    const at = new Date('2025-06-01T10:00:00Z');
    await old.insertAsync({ _id: 'emulator/conversations/a/', eTag: 'e1', json: JSON.stringify({ step: 1, eTag: 'e1' }), updatedAt: at });
    await old.insertAsync({ _id: 'gone', eTag: 'e2', json: '{"n":1}', updatedAt: at });
    await old.removeAsync({ _id: 'gone' }, {});
    await old.updateAsync({ _id: 'emulator/conversations/a/' }, { $set: { eTag: 'e3', json: JSON.stringify({ step: 2, eTag: 'e3' }) } }, {});

    state = await EmbeddedBotState.open(file);
    expect(await state.read(['emulator/conversations/a/', 'gone'])).toEqual({ 'emulator/conversations/a/': { step: 2, eTag: 'e3' } });
    await expect(state.purgeOlderThan(new Date('2025-06-01T09:00:00Z'))).resolves.toBe(0);
    await state.write({ b: { n: 2 } });
    await state.close();
    state = undefined;

    const back = new Datastore<{ _id: string; json: string; updatedAt: Date }>({ filename: file });
    await back.loadDatabaseAsync();
    const docs = await back.findAsync({});
    expect(docs.map((d) => d._id).sort()).toEqual(['b', 'emulator/conversations/a/']);
    expect(docs.find((d) => d._id === 'emulator/conversations/a/')?.updatedAt).toEqual(at);
    expect(JSON.parse(docs.find((d) => d._id === 'b')!.json)).toMatchObject({ n: 2 });
  });

  it('acknowledges a write only once its line is in the file, and reads see it only then, also behind a compaction', async () => {
    state = await EmbeddedBotState.open(file);
    await state.write({ k: { n: 1 } });
    expect(lines(file).map((l) => JSON.parse(l)._id)).toContain('k');
    const compacting = state.compact();
    const writing = state.write({ k: { n: 2 } });
    expect((await state.read(['k'])).k).toMatchObject({ n: 1 });
    await writing;
    expect((await state.read(['k'])).k).toMatchObject({ n: 2 });
    await compacting;
    expect(lines(file).map((l) => JSON.parse(l).json).join()).toContain('"n":2');
  });

  it('keeps every one of many concurrent writes', async () => {
    state = await EmbeddedBotState.open(file);
    const s = state;
    await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 50 === 0 ? s.compact() : s.write({ [`conversation-${i}`]: { i } }))));
    const keys = Array.from({ length: 200 }, (_, i) => `conversation-${i}`).filter((_, i) => i % 50 !== 0);
    expect(Object.keys(await s.read(keys))).toHaveLength(keys.length);
    await s.close();
    state = await EmbeddedBotState.open(file);
    expect(Object.keys(await state.read(keys))).toHaveLength(keys.length);
  });

  it('rejects a write that fails part way, leaves no part of it in the file, and carries on', async () => {
    state = await EmbeddedBotState.open(file);
    await state.write({ k: { n: 1 } });
    const before = (await state.read(['k'])).k;
    const realWrite = fs.writeSync;
    jest.spyOn(fs, 'writeSync').mockImplementationOnce(((fd: number, buffer: Buffer) => {
      realWrite(fd, buffer, 0, 10); // part of the line reached the disk
      throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    }) as unknown as typeof fs.writeSync);
    await expect(state.write({ k: { ...before, n: 2 } })).rejects.toThrow(/no space/);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
    // Nothing of the failed write shows, and the eTag it would have set is not the one to match.
    expect((await state.read(['k'])).k).toEqual(before);
    await state.write({ k: { ...before, n: 3 } });
    expect((await state.read(['k'])).k).toMatchObject({ n: 3 });
    await state.close();
    state = await EmbeddedBotState.open(file);
    expect((await state.read(['k'])).k).toMatchObject({ n: 3 });
  });

  it('cuts a torn last line, and refuses a badly corrupted file with an error naming it', async () => {
    state = await EmbeddedBotState.open(file);
    await state.write({ kept: { n: 1 } });
    await state.close();
    state = undefined;
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"_id":"torn","eTag":"x","js`);
    state = await EmbeddedBotState.open(file);
    expect(Object.keys(await state.read(['kept', 'torn']))).toEqual(['kept']);
    await state.close();
    state = undefined;

    writeFileSync(file, 'not json\n{"_id":"a","json":"{}"}\n');
    await expect(EmbeddedBotState.open(file)).rejects.toThrow(new RegExp(`could not load .*${DATA_FILES.botState}`));
    expect(readFileSync(file, 'utf8')).toBe('not json\n{"_id":"a","json":"{}"}\n');
  });

  it('compacts to one line per item while writes go on, losing none of them', async () => {
    state = await EmbeddedBotState.open(file);
    for (let n = 0; n < 20; n += 1) await state.write({ same: { n } });
    expect(lines(file).length).toBeGreaterThanOrEqual(20);
    const s = state;
    await Promise.all([s.compact(), ...Array.from({ length: 30 }, (_, i) => s.write({ [`during-${i}`]: { i } })), s.delete(['same'])]);
    await s.compact();
    expect(lines(file)).toHaveLength(30);
    await s.close();
    state = await EmbeddedBotState.open(file);
    const items = await state.read(['same', 'during-0', 'during-29']);
    expect(Object.keys(items).sort()).toEqual(['during-0', 'during-29']);
  });

  it('compacts itself once the file has grown by enough, without waiting for the timer', async () => {
    state = await EmbeddedBotState.open(file, { compactAfterBytes: 2000 });
    const padding = 'x'.repeat(200);
    for (let n = 0; n < 100; n += 1) await state.write({ one: { n, padding }, two: { n, padding } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    // 200 items of about 300 bytes were written; the file holds the two current ones and what came after them.
    expect(readFileSync(file, 'utf8').length).toBeLessThan(4 * 2000);
    await state.close();
    state = await EmbeddedBotState.open(file);
    expect((await state.read(['one', 'two'])).two).toMatchObject({ n: 99 });
  });
});
