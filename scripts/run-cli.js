#!/usr/bin/env node
// `npm run signpost -- <args>`: build if the sources changed, then run the CLI.
require('./build-if-needed').buildIfNeeded();
const { buildProgram } = require('../dist/src/cli.js');
buildProgram(process.argv)
  .parseAsync(process.argv)
  .catch((error) => {
    if (error && error.code && String(error.code).startsWith('commander.')) process.exit(error.exitCode ?? 1);
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
