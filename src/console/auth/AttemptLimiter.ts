/**
 * Limits attempts per key (an IP address, an account) in a sliding window. An attempt is counted when it starts, so
 * many sent at once cannot all slip through before the first fails; a success is then forgiven (or the key reset).
 * With `backoff`, past a few attempts each further one must wait longer after the last (1 s, 2 s, 4 s...): a guesser
 * is slowed to a crawl while a person who mistyped waits seconds, not a lockout.
 * In memory, bounded: the oldest keys are forgotten first when too many are tracked.
 */
export interface LimiterOptions {
  limit: number;
  windowMs: number;
  /** After `after` attempts in the window, the next must come baseMs * 2^(attempts - after) after the last (at most maxMs). */
  backoff?: { after: number; baseMs: number; maxMs: number };
  maxKeys?: number;
  now?: () => number;
}

export class AttemptLimiter {
  private readonly attempts = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Counts an attempt and returns 0 when the key may try; otherwise the milliseconds to wait (nothing counted). */
  attempt(key: string): number {
    const recent = this.recent(key);
    if (recent.length >= this.options.limit) return Math.max(1, recent[recent.length - this.options.limit] + this.options.windowMs - this.now());
    const backoff = this.options.backoff;
    if (backoff && recent.length >= backoff.after) {
      const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (recent.length - backoff.after));
      const wait = recent[recent.length - 1] + delay - this.now();
      if (wait > 0) return wait;
    }
    recent.push(this.now());
    this.attempts.delete(key);
    this.attempts.set(key, recent);
    const max = this.options.maxKeys ?? 10_000;
    while (this.attempts.size > max) this.attempts.delete(this.attempts.keys().next().value as string);
    return 0;
  }

  /** Uncounts the latest attempt (it succeeded, or was refused before any work). */
  forgive(key: string): void {
    const recent = this.attempts.get(key);
    recent?.pop();
    if (recent?.length === 0) this.attempts.delete(key);
  }

  reset(key: string): void {
    this.attempts.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.attempts.get(key) ?? []).filter((t) => t > since);
  }
}
