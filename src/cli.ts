#!/usr/bin/env node
/**
 * The `signpost` command line. Each subcommand lives in src/cli/<name>.ts and registers itself here.
 * Output a program reads is JSON; output a person reads is plain text.
 */
import './warnings'; // first: silences restify's DEP0111 before restify loads
import { Command, CommanderError } from 'commander';
import { VERSION } from './version';

type Register = (program: Command) => void;

/**
 * Each command's module, loaded only when needed: `signpost sms ...` loads the sms command alone, not the stores,
 * the directory or the FHIR export the other commands use (a command's process starts in about half the time).
 * Help, the version, and anything not a command's name load them all, in this order (the order help lists them).
 */
const COMMANDS: Record<string, () => Register> = {
  serve: () => (require('./cli/serve') as typeof import('./cli/serve')).registerServe,
  bench: () => (require('./cli/bench') as typeof import('./cli/bench')).registerBench,
  nlu: () => (require('./cli/nlu') as typeof import('./cli/nlu')).registerNlu,
  safety: () => (require('./cli/nlu') as typeof import('./cli/nlu')).registerSafety,
  directory: () => (require('./cli/directory') as typeof import('./cli/directory')).registerDirectory,
  referrals: () => (require('./cli/referrals') as typeof import('./cli/referrals')).registerReferrals,
  console: () => (require('./cli/console') as typeof import('./cli/console')).registerConsoleCommands,
  sms: () => (require('./cli/sms') as typeof import('./cli/sms')).registerSms,
  backup: () => (require('./cli/backup') as typeof import('./cli/backup')).registerBackup,
  practices: () => (require('./cli/practices') as typeof import('./cli/practices')).registerPractices,
};

/** @param argv process.argv: when its first argument names a command, only that command is registered */
export function buildProgram(argv: readonly string[] = []): Command {
  const program = new Command('signpost').description('Signpost: self-referral for social prescribing').version(VERSION).exitOverride();
  const named = argv[2];
  const only = named !== undefined && Object.hasOwn(COMMANDS, named) ? named : undefined;
  for (const [name, load] of Object.entries(COMMANDS)) if (only === undefined || only === name) load()(program);
  return program;
}

if (require.main === module) {
  buildProgram(process.argv)
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) process.exit(error.exitCode);
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
