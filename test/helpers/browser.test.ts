/** Finding Chromium for the browser tests (issue 21: a fresh machine says what is missing instead of failing). */
import { browserTestsPlan, findChromium, INSTALL_HINT } from './browser';

const exists = (paths: string[]) => (p: string) => paths.includes(p);

describe('finding Chromium', () => {
  it('takes CHROME_PATH first, when it exists', () => {
    expect(findChromium({ CHROME_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' }, exists(['/opt/chrome/chrome', '/usr/bin/chromium']))).toBe('/opt/chrome/chrome');
  });

  it('then /usr/bin/chromium, then chromium-browser or google-chrome on the PATH', () => {
    expect(findChromium({ PATH: '/usr/bin' }, exists(['/usr/bin/chromium']))).toBe('/usr/bin/chromium');
    expect(findChromium({ PATH: '/snap/bin:/usr/local/bin' }, exists(['/snap/bin/chromium-browser']))).toBe('/snap/bin/chromium-browser');
    expect(findChromium({ PATH: '/usr/local/bin' }, exists(['/usr/local/bin/google-chrome']))).toBe('/usr/local/bin/google-chrome');
  });

  it('finds nothing where there is nothing (a CHROME_PATH that does not exist is not taken)', () => {
    expect(findChromium({ CHROME_PATH: '/nowhere/chrome', PATH: '/usr/bin' }, exists([]))).toBeUndefined();
  });

  it('skips the browser tests with one line saying how to install it, except in CI, where a missing browser fails', () => {
    expect(browserTestsPlan(undefined, {})).toEqual({ run: false, fail: false, message: INSTALL_HINT });
    expect(browserTestsPlan(undefined, { CI: 'true' })).toEqual({ run: false, fail: true, message: INSTALL_HINT });
    expect(browserTestsPlan('/usr/bin/chromium', { CI: 'true' })).toEqual({ run: true, fail: false });
    expect(INSTALL_HINT).toMatch(/CHROME_PATH/);
    expect(INSTALL_HINT).toMatch(/apt-get install -y chromium/);
    expect(INSTALL_HINT.split('\n')).toHaveLength(1);
  });
});
