/**
 * Issue 19, item 6 (bot state), without a server: a write of several keys is all or nothing on MongoDB as in the
 * embedded store. It runs in a transaction (the fake driver's is a snapshot restored on error); on a server without
 * transactions (a standalone mongod) every eTag is checked before anything is written, so a stale one still writes
 * nothing (though a writer in between the check and the writes is not excluded there: see MongoBotState).
 */
import { serverError, storesOnFakeMongo } from '../fakes/fakeMongo';
import type { StoreItems } from 'botbuilder';

describe('MongoDB bot state writes of several keys (fake driver)', () => {
  const db = storesOnFakeMongo();

  async function staleSecondKey(): Promise<{ before: StoreItems }> {
    await db.stores.botState.write({ a: { n: 1 }, b: { n: 1 } });
    const read = await db.stores.botState.read(['a', 'b']);
    await db.stores.botState.write({ b: { ...read.b, n: 2 } }); // someone else moves b on
    db.fake.calls.length = 0;
    return { before: await db.stores.botState.read(['a', 'b']) };
  }

  it('writes nothing when one key’s eTag is stale, and runs the writes in one transaction', async () => {
    const { before } = await staleSecondKey();
    const read = before;
    await expect(db.stores.botState.write({ a: { ...read.a, n: 10 }, b: { n: 10, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
    expect(await db.stores.botState.read(['a', 'b'])).toEqual(before);
    expect(db.fake.calls.some((c) => c.method === 'abortTransaction')).toBe(true);
    const writes = db.fake.callsTo('botState').filter((c) => c.method !== 'find');
    expect(writes.length).toBeGreaterThan(0);
    for (const write of writes) expect(write.args[write.args.length - 1]).toMatchObject({ session: true });
  });

  it('writes every key when all are current', async () => {
    const { before } = await staleSecondKey();
    await db.stores.botState.write({ a: { ...before.a, n: 20 }, b: { ...before.b, n: 20 } });
    const after = await db.stores.botState.read(['a', 'b']);
    expect([after.a.n, after.b.n]).toEqual([20, 20]);
    expect(db.fake.calls.some((c) => c.method === 'commitTransaction')).toBe(true);
  });

  it('on a server without transactions, checks every eTag first and writes nothing when one is stale', async () => {
    const { before } = await staleSecondKey();
    Object.assign(db.fake.connection, {
      transaction: async () => {
        throw serverError(20, 'IllegalOperation', 'Transaction numbers are only allowed on a replica set member or mongos');
      },
    });
    await expect(db.stores.botState.write({ a: { ...before.a, n: 30 }, b: { n: 30, eTag: 'stale' } })).rejects.toThrow(/eTag conflict/);
    expect(await db.stores.botState.read(['a', 'b'])).toEqual(before);
    expect(db.fake.callsTo('botState').filter((c) => !['find', 'findOne'].includes(c.method))).toEqual([]);
    // And with every eTag current, it writes them.
    await db.stores.botState.write({ a: { ...before.a, n: 31 }, b: { ...before.b, n: 31 } });
    const after = await db.stores.botState.read(['a', 'b']);
    expect([after.a.n, after.b.n]).toEqual([31, 31]);
  });
});
