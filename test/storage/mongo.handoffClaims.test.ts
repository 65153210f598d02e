/**
 * Issue 19, item 5, without a server: a claim sets the first claim time in the same atomic update as the claim (an
 * update pipeline with $ifNull), so a crash straight after it cannot leave a contacted handoff counted as waiting or
 * "closed without contact". The update pipeline is evaluated by mingo in the fake driver.
 */
import { storesOnFakeMongo } from '../fakes/fakeMongo';
import { newHandoff } from './records';

describe('MongoDB handoff claims (fake driver)', () => {
  const db = storesOnFakeMongo();

  /** From now on every write to handoffs but the first fails, as if the process died after one write. */
  function dieAfterOneWrite(): void {
    let writes = 0;
    db.fake.before = (call) => {
      if (call.collection === 'handoffs' && /update|insert|replace|delete/i.test(call.method) && ++writes > 1) throw new Error('process gone');
    };
  }

  it.each(['claim', 'claimNext'] as const)('%s records the first claim time in the claim’s own update', async (how) => {
    const handoff = await db.stores.handoffs.enqueue(newHandoff());
    db.fake.calls.length = 0;
    dieAfterOneWrite();
    const claimed = how === 'claim' ? await db.stores.handoffs.claim(handoff.id, 'worker-1') : await db.stores.handoffs.claimNext('worker-1');
    expect(claimed?.firstClaimedAt).toBeInstanceOf(Date);
    // What the database holds after that single write:
    const [stored] = db.fake.docs('handoffs');
    expect(stored).toMatchObject({ status: 'active', claimedBy: 'worker-1', firstClaimedAt: expect.any(Date) });
    expect(stored.firstClaimedAt).toEqual(stored.claimedAt);
    const writes = db.fake.calls.filter((c) => c.collection === 'handoffs' && c.method !== 'findOne' && c.method !== 'find');
    expect(writes).toHaveLength(1);
    expect(writes[0].method).toBe('findOneAndUpdate');
    const [filter, update] = writes[0].args as [Record<string, unknown>, unknown];
    expect(filter).toEqual(how === 'claim' ? { _id: handoff.id, status: 'waiting' } : { status: 'waiting' });
    expect(update).toEqual([
      {
        $set: {
          status: 'active',
          claimedBy: { $literal: 'worker-1' },
          claimedAt: expect.any(Date),
          firstClaimedAt: { $ifNull: ['$firstClaimedAt', expect.any(Date)] },
        },
      },
    ]);
  });

  it('keeps the first claim time through a release and a second claim', async () => {
    const handoff = await db.stores.handoffs.enqueue(newHandoff());
    const first = await db.stores.handoffs.claim(handoff.id, 'worker-1');
    await db.stores.handoffs.release(handoff.id);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await db.stores.handoffs.claim(handoff.id, '$worker-2'); // an id that looks like a field path stays text
    expect(second.claimedBy).toBe('$worker-2');
    expect(second.firstClaimedAt).toEqual(first.firstClaimedAt);
    expect(second.claimedAt!.getTime()).toBeGreaterThan(first.firstClaimedAt!.getTime());
  });
});
