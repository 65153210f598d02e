/**
 * Conformance: bot state (botbuilder Storage) follows MemoryStorage's eTag contract on every adapter.
 * Adapters, and a fresh store for each test, come from storeHarness.ts, which says how to add your own port.
 */
import { describeEachAdapter } from './storeHarness';

describeEachAdapter('bot state', (h) => {
  it('reads back what was written, with a new eTag, and only the keys that exist', async () => {
    const state = h.stores().botState;
    await state.write({ 'emulator/conversations/c1/': { dialogStack: [{ id: 'main', state: { step: 2 } }], at: new Date('2025-01-01T00:00:00Z') } });
    const items = await state.read(['emulator/conversations/c1/', 'missing']);
    expect(Object.keys(items)).toEqual(['emulator/conversations/c1/']);
    const item = items['emulator/conversations/c1/'];
    expect(item.dialogStack).toEqual([{ id: 'main', state: { step: 2 } }]);
    // Like MemoryStorage, items go through JSON: Dates come back as ISO strings.
    expect(item.at).toBe('2025-01-01T00:00:00.000Z');
    expect(typeof item.eTag).toBe('string');
    expect(item.eTag).not.toBe('*');
  });

  it('keeps keys that a document store would refuse ($ and dots)', async () => {
    const state = h.stores().botState;
    await state.write({ 'k.with.dots': { card: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', 'a.b': 1 } } });
    const items = await state.read(['k.with.dots']);
    expect(items['k.with.dots'].card).toEqual({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', 'a.b': 1 });
  });

  it('rejects a write with a stale eTag with an "eTag conflict" error and keeps the newer item', async () => {
    const state = h.stores().botState;
    await state.write({ key: { n: 1 } });
    const first = (await state.read(['key'])).key;
    await state.write({ key: { ...first, n: 2 } });
    await expect(state.write({ key: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await state.read(['key'])).key.n).toBe(2);
  });

  it('writes several keys all or nothing: one stale eTag, and none of them is written', async () => {
    // MongoDB: in a transaction (a replica set), or every eTag checked first (a standalone server): MongoBotState.
    const state = h.stores().botState;
    await state.write({ a: { n: 1 }, b: { n: 1 } });
    const read = await state.read(['a', 'b']);
    await state.write({ b: { ...read.b, n: 2 } });
    await expect(state.write({ a: { ...read.a, n: 3 }, b: { ...read.b, n: 3 } })).rejects.toThrow(/eTag conflict/);
    const after = await state.read(['a', 'b']);
    expect([after.a.n, after.b.n]).toEqual([1, 2]);
    expect(after.a.eTag).toBe(read.a.eTag);
  });

  it('accepts a write with the current eTag and changes the eTag each time', async () => {
    const state = h.stores().botState;
    await state.write({ key: { n: 1 } });
    const first = (await state.read(['key'])).key;
    await state.write({ key: { ...first, n: 2 } });
    const second = (await state.read(['key'])).key;
    expect(second.n).toBe(2);
    expect(second.eTag).not.toBe(first.eTag);
  });

  it('overwrites whatever is stored with eTag "*" or no eTag', async () => {
    const state = h.stores().botState;
    await state.write({ key: { n: 1 } });
    await state.write({ key: { n: 2, eTag: '*' } });
    expect((await state.read(['key'])).key.n).toBe(2);
    await state.write({ key: { n: 3 } });
    expect((await state.read(['key'])).key.n).toBe(3);
  });

  it('writes a new key whatever eTag it carries', async () => {
    const state = h.stores().botState;
    await state.write({ fresh: { n: 1, eTag: 'made-up' } });
    expect((await state.read(['fresh'])).fresh.n).toBe(1);
  });

  it('lets exactly one of many concurrent writers with the same eTag win', async () => {
    const state = h.stores().botState;
    await state.write({ key: { n: 0 } });
    const base = (await state.read(['key'])).key;
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => state.write({ key: { ...base, n: i + 1 } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(9);
    for (const r of rejected) expect(String(r.reason)).toMatch(/eTag conflict/);
  });

  it('deletes keys, ignoring keys that do not exist', async () => {
    const state = h.stores().botState;
    await state.write({ a: { n: 1 }, b: { n: 2 } });
    await state.delete(['a', 'nope']);
    expect(Object.keys(await state.read(['a', 'b']))).toEqual(['b']);
  });

  it('demands keys and changes, as MemoryStorage does', async () => {
    const state = h.stores().botState;
    await expect(state.read(undefined as unknown as string[])).rejects.toThrow(/Keys are required/);
    await expect(state.write(undefined as never)).rejects.toThrow(/Changes are required/);
  });

  it('keeps state across close and reopen', async () => {
    await h.stores().botState.write({ key: { n: 1 } });
    const reopened = await h.reopen();
    expect((await reopened.botState.read(['key'])).key.n).toBe(1);
  });

  it('purges state not written since the cutoff', async () => {
    const state = h.stores().botState;
    await state.write({ key: { n: 1 } });
    expect(await state.purgeOlderThan(new Date(Date.now() - 60_000))).toBe(0);
    expect(await state.purgeOlderThan(new Date(Date.now() + 60_000))).toBe(1);
    expect(await state.read(['key'])).toEqual({});
  });

  describe('as JSON text (readJson, writeJson: what conversation state uses)', () => {
    it('reads an item written either way as the text of the item without its eTag', async () => {
      const state = h.stores().botState;
      await state.write({ a: { n: 1, eTag: '*', nested: { at: new Date('2025-01-01T00:00:00Z') } } });
      await state.writeJson('b', '{"n":2,"list":["x"]}');
      expect(await state.readJson('a')).toBe('{"n":1,"nested":{"at":"2025-01-01T00:00:00.000Z"}}');
      expect(await state.readJson('b')).toBe('{"n":2,"list":["x"]}');
      expect(await state.readJson('missing')).toBeUndefined();
      const b = (await state.read(['b'])).b;
      expect(b).toEqual({ n: 2, list: ['x'], eTag: expect.any(String) });
    });

    it('overwrites what is stored, as a write with eTag "*", and gives it a new eTag: an older eTag then conflicts', async () => {
      const state = h.stores().botState;
      await state.write({ key: { n: 1 } });
      const first = (await state.read(['key'])).key;
      await state.writeJson('key', '{"n":2}');
      const second = (await state.read(['key'])).key;
      expect(second.n).toBe(2);
      expect(second.eTag).not.toBe(first.eTag);
      await expect(state.write({ key: { ...first, n: 3 } })).rejects.toThrow(/eTag conflict/);
      await state.write({ key: { ...second, n: 4 } });
      expect(await state.readJson('key')).toBe('{"n":4}');
    });

    it('keeps it across close and reopen', async () => {
      await h.stores().botState.writeJson('key', '{"turns":["hello \\"you\\"","ok"]}');
      const reopened = await h.reopen();
      expect(await reopened.botState.readJson('key')).toBe('{"turns":["hello \\"you\\"","ok"]}');
      expect((await reopened.botState.read(['key'])).key.turns).toEqual(['hello "you"', 'ok']);
    });

    it('refuses a missing key or text that is not an object, and writes nothing', async () => {
      const state = h.stores().botState;
      await expect(state.readJson(undefined as unknown as string)).rejects.toThrow(/A key is required when reading/);
      await expect(state.writeJson('', '{}')).rejects.toThrow(/A key is required when writing/);
      await expect(state.writeJson('key', '[1]')).rejects.toThrow(/JSON text of an object/);
      await expect(state.writeJson('key', undefined as unknown as string)).rejects.toThrow(/JSON text of an object/);
      expect(await state.readJson('key')).toBeUndefined();
    });
  });
});
