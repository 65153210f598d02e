import { smsKeyword } from '../../../src/services/sms/keywords';
import { RateLimiter } from '../../../src/services/sms/RateLimiter';

describe('carrier keywords', () => {
  it.each(['STOP', 'stop', ' Stop. ', 'STOPALL', 'unsubscribe', 'Cancel', 'END', 'quit!'])('%p opts out', (text) => {
    expect(smsKeyword(text)?.kind).toBe('optOut');
  });
  it.each(['START', 'unstop', 'Start.'])('%p opts in', (text) => expect(smsKeyword(text)?.kind).toBe('optIn'));
  it.each(['HELP', 'help', 'Info', 'HELP?'])('%p asks for help', (text) => expect(smsKeyword(text)?.kind).toBe('help'));
  it.each(['stop it', 'please stop', 'I need help', 'help me', 'ended', '', '1'])('%p is not a keyword (the bot reads it)', (text) => {
    expect(smsKeyword(text)).toBeUndefined();
  });
  it('says which keyword it was', () => expect(smsKeyword(' stopall ')).toEqual({ kind: 'optOut', keyword: 'STOPALL' }));
});

describe('RateLimiter', () => {
  it('allows the limit in a window, refuses more, and allows again as events leave the window', () => {
    let now = 0;
    const limiter = new RateLimiter(3, 1000, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([true, true, true, false]);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.remaining('a')).toBe(0);
    expect(limiter.waitMs('a')).toBe(1000);
    now = 999;
    expect(limiter.take('a')).toBe(false);
    now = 1000;
    expect(limiter.remaining('a')).toBe(3);
    expect(limiter.take('a', 3)).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });

  it('refuses a batch that would not fit, recording none of it', () => {
    const limiter = new RateLimiter(5, 1000, () => 0);
    expect(limiter.take('a', 4)).toBe(true);
    expect(limiter.take('a', 2)).toBe(false);
    expect(limiter.remaining('a')).toBe(1);
  });
});
