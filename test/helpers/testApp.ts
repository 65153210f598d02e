import { rmSync } from 'node:fs';
import { createApp, type App, type AppOptions } from '../../src/app';
import { loadConfig } from '../../src/config';
import { LogCapture } from './logCapture';
import { tempDataDir } from './tempDir';
import { TEST_PASSWORD_HASHING } from './testHashing';

export interface TestApp {
  app: App;
  baseUrl: string;
  logs: LogCapture;
  dataDir: string;
  /** Closes the app; removes the data folder unless keepData. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export { tempDataDir, TEST_PASSWORD_HASHING };

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
