/** The per-conversation turn queue: one at a time per key, keys in parallel, and a task of a key may queue into itself. */
import { KeyedQueue } from '../../../src/channels/directline/KeyedQueue';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs one task at a time per key, in order, and other keys meanwhile', async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    const task = (name: string, ms: number) => async () => {
      order.push(`${name}+`);
      await tick(ms);
      order.push(`${name}-`);
    };
    await Promise.all([q.run('a', task('a1', 30)), q.run('a', task('a2', 1)), q.run('b', task('b1', 1))]);
    expect(order.indexOf('a2+')).toBeGreaterThan(order.indexOf('a1-'));
    expect(order.indexOf('b1-')).toBeLessThan(order.indexOf('a1-'));
    expect(q.size).toBe(0);
  });

  it('runs a task queued from inside a running task of the same key at once, instead of waiting for itself', async () => {
    const q = new KeyedQueue();
    const inner = await Promise.race([q.run('a', () => q.run('a', async () => 'inner ran')), tick(500).then(() => 'deadlocked')]);
    expect(inner).toBe('inner ran');
    // A task started after the outer one ended waits its turn again.
    const order: string[] = [];
    await Promise.all([q.run('a', async () => { await tick(20); order.push('first'); }), q.run('a', async () => order.push('second'))]);
    expect(order).toEqual(['first', 'second']);
  });

  it('queues a task a finished task left behind (a timer set in a turn), like any other', async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    let later: Promise<unknown> | undefined;
    await q.run('a', async () => {
      setTimeout(() => {
        later = q.run('a', async () => order.push('timer'));
      }, 10);
    });
    await q.run('a', async () => {
      await tick(50);
      order.push('next turn');
    });
    await later;
    expect(order).toEqual(['next turn', 'timer']);
  });
});
