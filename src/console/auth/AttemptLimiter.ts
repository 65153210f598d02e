/**
 * Limits attempts per key (an IP address, an account) in a sliding window. An attempt is counted when it starts, so
 * many sent at once cannot all slip through before the first fails; a success is then forgiven (or the key reset).
 * In memory, bounded: the oldest keys are forgotten first when too many are tracked.
 */
export interface LimiterOptions {
  limit: number;
  windowMs: number;
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
