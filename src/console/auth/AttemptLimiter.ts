/**
 * Limits attempts per key (an IP address, an account) in a sliding window. An attempt is counted when it starts, so
 * many sent at once cannot all slip through before the first fails; a success is then forgiven (or the key reset).
 * With `backoff`, past a few attempts each further one must wait longer after the last (1 s, 2 s, 4 s...): a guesser
 * is slowed to a crawl while a person who mistyped waits seconds, not a lockout.
 * In memory, bounded: the oldest keys are forgotten first when too many are tracked. The window is RateLimiter's.
 */
import { RateLimiter } from '../../services/sms/RateLimiter';

export interface LimiterOptions {
  limit: number;
  windowMs: number;
  /** After `after` attempts in the window, the next must come baseMs * 2^(attempts - after) after the last (at most maxMs). */
  backoff?: { after: number; baseMs: number; maxMs: number };
  maxKeys?: number;
  now?: () => number;
}

export class AttemptLimiter {
  private readonly window: RateLimiter;
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.now = options.now ?? Date.now;
    this.window = new RateLimiter(options.limit, options.windowMs, this.now, options.maxKeys ?? 10_000);
  }

  /** Counts an attempt and returns 0 when the key may try; otherwise the milliseconds to wait (nothing counted). */
  attempt(key: string): number {
    const full = this.window.waitMs(key);
    if (full > 0) return full;
    const backoff = this.options.backoff;
    const count = this.window.count(key);
    const last = this.window.latest(key);
    if (backoff && last !== undefined && count >= backoff.after) {
      const delay = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (count - backoff.after));
      const wait = last + delay - this.now();
      if (wait > 0) return wait;
    }
    this.window.record(key);
    return 0;
  }

  /** Uncounts the latest attempt (it succeeded, or was refused before any work). */
  forgive(key: string): void {
    this.window.forgive(key);
  }

  reset(key: string): void {
    this.window.reset(key);
  }
}
