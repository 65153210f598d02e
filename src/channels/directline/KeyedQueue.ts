import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Runs tasks one at a time per key (a conversation), in the order they were queued; different keys run in parallel.
 * Keys with nothing queued are forgotten, so the map stays as small as the work in flight. A task queued from inside
 * a running task of the same key (a turn that starts another turn in its own conversation) runs at once, inside it,
 * instead of waiting for itself. app.ts keeps one queue for every channel: incoming and proactive turns share it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly counts = new Map<string, number>();
  /**
   * The tasks the current async context runs inside, by key, while they run. A timer or callback set up inside a task
   * inherits this context but runs later: by then its task is over (`running` false) and it queues like anyone else.
   */
  private readonly holding = new AsyncLocalStorage<ReadonlyMap<string, { running: boolean }>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const held = this.holding.getStore();
    if (held?.get(key)?.running) return task();
    const inside = async (): Promise<T> => {
      const mark = { running: true };
      try {
        return await this.holding.run(new Map([...(held ?? []), [key, mark]]), task);
      } finally {
        mark.running = false;
      }
    };
    const previous = this.tails.get(key) ?? Promise.resolve();
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const result = previous.then(inside, inside);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Tasks queued or running for this key. */
  pending(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
