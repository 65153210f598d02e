import { createApp } from './app';
import { loadConfig, loadDotEnvFile } from './config';

/** Loads config, starts the server, prints where to go, and stops cleanly on SIGTERM/SIGINT (exit 0). */
export async function startServer(): Promise<void> {
  loadDotEnvFile();
  const config = loadConfig();
  const app = await createApp(config);
  const port = await app.listen();
  const base = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
  process.stdout.write(`Signpost is running: web chat at ${base}/ and the link worker console at ${base}/console (storage: ${app.stores.kind}, NLU: ${config.nlu.kind})\n`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down');
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        app.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
