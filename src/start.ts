import { createApp } from './app';
import { loadConfig, loadDotEnvFile } from './config';

/** Where to go, and with no console users yet, how to add the first one (a store that cannot say counts as some). */
export function startLine(at: { base: string; storage: string; nlu: string; consoleUsers: number }): string {
  const line = `Signpost is running: web chat at ${at.base}/ and the link worker console at ${at.base}/console (storage: ${at.storage}, NLU: ${at.nlu})`;
  return at.consoleUsers > 0 ? line : `${line}. No one can sign in to the console yet: add the first user with npm run signpost -- console add-user <email>`;
}

/** Loads config, starts the server, prints where to go, and stops cleanly on SIGTERM/SIGINT (exit 0). */
export async function startServer(): Promise<void> {
  loadDotEnvFile();
  const config = loadConfig();
  const app = await createApp(config);
  const port = await app.listen();
  const base = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
  const consoleUsers = (await app.stores.consoleUsers.list().catch(() => [undefined])).length;
  process.stdout.write(`${startLine({ base, storage: app.stores.kind, nlu: config.nlu.kind, consoleUsers })}\n`);

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
