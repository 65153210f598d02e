/**
 * Sliding-window counters: at most `limit` events per key in any `windowMs`. In memory, per process: SMS pumping
 * and floods are stopped here before they cost money; with several instances each counts its own share. The one
 * sliding window: the console's sign-in limits (AttemptLimiter) count on it too. With `maxKeys`, the keys used
 * longest ago are forgotten first when more are tracked.
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();
  private sweeps = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = Number.POSITIVE_INFINITY,
  ) {}

  /** Records `count` events for key if they fit the limit; false (and nothing recorded) when they do not. */
  take(key: string, count = 1): boolean {
    const times = this.recent(key);
    if (times.length + count > this.limit) return false;
    this.push(key, times, count);
    if (++this.sweeps % 1000 === 0) this.sweep();
    return true;
  }

  /** Records `count` events for key even past the limit (events that must happen anyway, such as a crisis answer). */
  record(key: string, count = 1): void {
    this.push(key, this.recent(key), count);
  }

  /** Events for key in the window now. */
  count(key: string): number {
    return this.recent(key).length;
  }

  /** When the latest event for key in the window happened, or undefined when there is none. */
  latest(key: string): number | undefined {
    const times = this.recent(key);
    return times.length > 0 ? times[times.length - 1] : undefined;
  }

  /** Takes back the latest event for key (it succeeded, or was refused before any work). */
  forgive(key: string): void {
    const times = this.events.get(key);
    times?.pop();
    if (times?.length === 0) this.events.delete(key);
  }

  /** Forgets every event for key. */
  reset(key: string): void {
    this.events.delete(key);
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

  private push(key: string, times: number[], count: number): void {
    const at = this.now();
    for (let i = 0; i < count; i++) times.push(at);
    // Re-inserted so the map's order is the order keys were last used: the first is the one to forget.
    this.events.delete(key);
    this.events.set(key, times);
    while (this.events.size > this.maxKeys) this.events.delete(this.events.keys().next().value as string);
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
