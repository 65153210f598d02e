/** The sliding-window attempt limiter behind sign-in limits, on a clock the test moves. */
import { AttemptLimiter } from '../../src/console/auth/AttemptLimiter';

describe('AttemptLimiter', () => {
  let now = 0;
  const limiter = () => new AttemptLimiter({ limit: 3, windowMs: 1000, maxKeys: 2, now: () => now });

  beforeEach(() => {
    now = 10_000;
  });

  it('allows the limit, then says how long to wait until the oldest attempt leaves the window', () => {
    const l = limiter();
    expect([l.attempt('a'), l.attempt('a'), l.attempt('a')]).toEqual([0, 0, 0]);
    now += 400;
    expect(l.attempt('a')).toBe(600);
    now += 600;
    expect(l.attempt('a')).toBe(0);
  });

  it('does not count refused attempts, forgives one, resets all', () => {
    const l = limiter();
    l.attempt('a');
    l.attempt('a');
    l.attempt('a');
    expect(l.attempt('a')).toBeGreaterThan(0);
    l.forgive('a');
    expect(l.attempt('a')).toBe(0);
    l.reset('a');
    expect([l.attempt('a'), l.attempt('a'), l.attempt('a')]).toEqual([0, 0, 0]);
  });

  it('keeps keys apart and forgets the oldest key beyond maxKeys', () => {
    const l = limiter();
    for (const key of ['a', 'a', 'a']) l.attempt(key);
    expect(l.attempt('b')).toBe(0);
    expect(l.attempt('a')).toBeGreaterThan(0);
    l.attempt('c'); // a is the oldest key: forgotten
    expect(l.attempt('a')).toBe(0);
  });

  it('with backoff, lets a few attempts through, then makes each wait twice as long as the last', () => {
    let now = 0;
    const l = new AttemptLimiter({ limit: 100, windowMs: 15 * 60_000, backoff: { after: 2, baseMs: 1000, maxMs: 4000 }, now: () => now });
    expect([l.attempt('k'), l.attempt('k')]).toEqual([0, 0]);
    expect(l.attempt('k')).toBe(1000);
    now += 1000;
    expect(l.attempt('k')).toBe(0);
    expect(l.attempt('k')).toBe(2000);
    now += 2000;
    expect(l.attempt('k')).toBe(0);
    now += 3999;
    expect(l.attempt('k')).toBe(1);
    now += 1;
    expect(l.attempt('k')).toBe(0);
    now += 4000; // never more than maxMs
    expect(l.attempt('k')).toBe(0);
  });
});
