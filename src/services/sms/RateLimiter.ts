/**
 * Sliding-window counters: at most `limit` events per key in any `windowMs`. In memory, per process: SMS pumping
 * and floods are stopped here before they cost money; with several instances each counts its own share.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private sweeps = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records `count` events for key if they fit the limit; false (and nothing recorded) when they do not. */
  take(key: string, count = 1): boolean {
    const times = this.recent(key);
    if (times.length + count > this.limit) return false;
    const at = this.now();
    for (let i = 0; i < count; i++) times.push(at);
    this.events.set(key, times);
    if (++this.sweeps % 1000 === 0) this.sweep();
    return true;
  }

  /** Records `count` events for key even past the limit (events that must happen anyway, such as a crisis answer). */
  record(key: string, count = 1): void {
    const times = this.recent(key);
    const at = this.now();
    for (let i = 0; i < count; i++) times.push(at);
    this.events.set(key, times);
  }

  /** Events still allowed for key right now. */
  remaining(key: string): number {
    return Math.max(0, this.limit - this.recent(key).length);
  }

  /** Milliseconds until one more event is allowed for key (0 when one is allowed now). */
  waitMs(key: string): number {
    const times = this.recent(key);
    if (times.length < this.limit) return 0;
    return Math.max(1, times[times.length - this.limit] + this.windowMs - this.now());
  }

  private recent(key: string): number[] {
    const times = this.events.get(key);
    if (!times) return [];
    const cutoff = this.now() - this.windowMs;
    let drop = 0;
    while (drop < times.length && times[drop] <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.events.delete(key);
    return times;
  }

  /** Forgets keys whose events have all left the window, so the map stays as small as recent traffic. */
  private sweep(): void {
    for (const key of [...this.events.keys()]) this.recent(key);
  }
}
