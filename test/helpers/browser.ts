/**
 * Where the browser tests find Chromium: CHROME_PATH, /usr/bin/chromium, or chromium-browser, chromium, google-chrome
 * or google-chrome-stable on the PATH. With none, the browser tests are skipped with one line saying how to install it,
 * except with CI=true, where a missing browser fails the run.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const INSTALL_HINT = 'Browser tests skipped: no Chromium found. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROME_PATH to a Chrome or Chromium binary.';

const ON_PATH = ['chromium-browser', 'chromium', 'google-chrome', 'google-chrome-stable'];

export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = existsSync): string | undefined {
  if (env.CHROME_PATH && exists(env.CHROME_PATH)) return env.CHROME_PATH;
  if (exists('/usr/bin/chromium')) return '/usr/bin/chromium';
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of ON_PATH) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (exists(candidate)) return candidate;
    }
  }
  return undefined;
}

export type BrowserTestsPlan = { run: true; fail: false } | { run: false; fail: boolean; message: string };

export function browserTestsPlan(found: string | undefined, env: NodeJS.ProcessEnv = process.env): BrowserTestsPlan {
  if (found) return { run: true, fail: false };
  return { run: false, fail: env.CI === 'true', message: INSTALL_HINT };
}

/** The Chromium the browser tests launch ('' when none was found: those tests are skipped or fail first). */
export const CHROMIUM = findChromium() ?? '';

let told = false;

/**
 * describe() for tests that need a browser: runs them when Chromium is found; otherwise skips them, saying once how
 * to install it, or in CI fails with that line.
 */
export function describeWithBrowser(name: string, fn: () => void): void {
  const plan = browserTestsPlan(CHROMIUM || undefined);
  if (plan.run) {
    describe(name, fn);
    return;
  }
  if (plan.fail) {
    describe(name, () => {
      it('needs a browser (CI=true)', () => {
        throw new Error(plan.message);
      });
    });
    return;
  }
  if (!told) {
    told = true;
    process.stderr.write(`${plan.message}\n`);
  }
  describe.skip(name, fn);
}
