#!/usr/bin/env node
/**
 * The `signpost` command line. Each subcommand lives in src/cli/<name>.ts and registers itself here.
 * Output a program reads is JSON; output a person reads is plain text.
 */
import './warnings'; // first: silences restify's DEP0111 before restify loads
import { Command, CommanderError } from 'commander';
import { VERSION } from './version';
import { registerServe } from './cli/serve';
import { registerBench } from './cli/bench';
import { registerNlu, registerSafety } from './cli/nlu';
import { registerDirectory } from './cli/directory';
import { registerReferrals } from './cli/referrals';
import { registerConsoleCommands } from './cli/console';
import { registerSms } from './cli/sms';
import { registerBackup } from './cli/backup';
import { registerPractices } from './cli/practices';

export function buildProgram(): Command {
  const program = new Command('signpost').description('Signpost: self-referral for social prescribing').version(VERSION).exitOverride();
  registerServe(program);
  registerBench(program);
  registerNlu(program);
  registerSafety(program);
  registerDirectory(program);
  registerReferrals(program);
  registerConsoleCommands(program);
  registerSms(program);
  registerBackup(program);
  registerPractices(program);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      if (error instanceof CommanderError) process.exit(error.exitCode);
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
