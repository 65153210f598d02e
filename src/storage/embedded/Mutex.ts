/**
 * An in-process lock. nedb runs one operation at a time, but a claim or an eTag check is a read and then a write:
 * running those under one lock makes them atomic within the process (the embedded store is single-process).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(() => task());
    this.tail = result.catch(() => undefined);
    return result;
  }
}
