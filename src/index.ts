#!/usr/bin/env node
/** Start-up only: read config, build the app, listen, and shut down gracefully on SIGTERM/SIGINT. */
import './warnings'; // first: silences restify's DEP0111 before restify loads
import { startServer } from './start';

startServer().catch((error: unknown) => {
  process.stderr.write(`Signpost could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
