import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import type { ScryptParameters } from '../../src/services/accounts/passwords';
import { LogCapture } from './logCapture';

/**
 * The scrypt cost the test apps hash console passwords at: cheap (about 1 ms instead of 0.2 s a hash; the suite signs
 * in hundreds of times). The default cost itself is tested in test/services/accounts/passwords.test.ts, and
 * hashingCost.test.ts that a cost given is the one used.
 */
export const TEST_PASSWORD_HASHING: ScryptParameters = { N: 2 ** 10, r: 8, p: 1 };

export interface TestApp {
  app: App;
  baseUrl: string;
  logs: LogCapture;
  dataDir: string;
  /** Closes the app; removes the data folder unless keepData. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export function tempDataDir(prefix = 'signpost-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Starts the real app on 127.0.0.1 and an ephemeral port, logging into a LogCapture, hashing at TEST_PASSWORD_HASHING. */
export async function startTestApp(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestApp> {
  const dataDir = env.SIGNPOST_DATA_DIR ?? tempDataDir();
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', SIGNPOST_DATA_DIR: dataDir, ...env });
  const logs = new LogCapture();
  const app = await createApp(config, { logDestination: logs, ...options, console: { passwordHashing: TEST_PASSWORD_HASHING, ...options.console } });
  const port = await app.listen();
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    logs,
    dataDir,
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
