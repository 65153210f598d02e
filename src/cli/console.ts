/**
 * `signpost console ...`: link worker console accounts in the configured store (SIGNPOST_DATA_DIR or MONGODB_URI).
 *   add-user <email> --role linkworker|admin [--name <first name>]   prints a one-time password, or takes the
 *                                                                     password from stdin when piped
 *   reset-password <email>                                            a new one-time password
 *   users                                                             who has an account
 * Plain text for people, --json for programs. With the embedded store, stop the server first (one process per data
 * folder); with MongoDB it can run alongside.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { AccountService, type PublicUser } from '../services/accounts/AccountService';
import { CONSOLE_ROLES, type ConsoleRole } from '../services/accounts/ConsoleUsers';
import { cliActor } from './referrals';
import { withStores } from './withStores';

class CliError extends Error {}

function parseRole(value: string): ConsoleRole {
  if (!CONSOLE_ROLES.includes(value as ConsoleRole)) throw new InvalidArgumentError(`use ${CONSOLE_ROLES.join(' or ')}`);
  return value as ConsoleRole;
}

/** The password piped to stdin (one line), or undefined on a terminal or when nothing was piped. */
async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (text.includes('\n')) throw new CliError('Pipe one password on one line.');
  return text === '' ? undefined : text;
}

const ROLE_WORDS: Record<ConsoleRole, string> = { linkworker: 'a link worker', admin: 'an admin' };

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${text}\n`);
}

function oneTimeText(user: PublicUser, password: string): string {
  return [
    `One-time password for ${user.email}: ${password}`,
    'Give it to them privately (in person or by phone). They choose their own password when they first sign in at /console.',
    'It is not shown again.',
  ].join('\n');
}

async function run(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

export function registerConsoleCommands(program: Command): void {
  const command = program.command('console').description('link worker console accounts');

  command
    .command('add-user <email>')
    .description('add a console user; prints a one-time password, or reads the password from stdin when piped')
    .requiredOption('--role <role>', 'linkworker or admin', parseRole)
    .option('--name <first name>', 'first name shown to patients with replies (default: from the email address)')
    .option('--json', 'print JSON')
    .action((email: string, options: { role: ConsoleRole; name?: string; json?: boolean }) =>
      run(async () => {
        const password = await passwordFromStdin();
        await withStores(async (stores) => {
          const accounts = new AccountService(stores.consoleUsers, stores.consoleSessions);
          const { user, oneTimePassword } = await accounts.addUser({ email, role: options.role, firstName: options.name, password });
          await stores.audit.append({ actor: cliActor(), action: 'add-user', recordType: 'console-user', recordId: user.id });
          const added = `Added ${user.firstName} (${user.email}) as ${ROLE_WORDS[user.role]}.`;
          print(Boolean(options.json), { user, ...(oneTimePassword ? { oneTimePassword } : {}) }, oneTimePassword ? `${added}\n${oneTimeText(user, oneTimePassword)}` : `${added} They can sign in with the password you gave.`);
        });
      }),
    );

  command
    .command('reset-password <email>')
    .description('give a user a new one-time password (signs them out everywhere)')
    .option('--json', 'print JSON')
    .action((email: string, options: { json?: boolean }) =>
      run(() =>
        withStores(async (stores) => {
          const reset = await new AccountService(stores.consoleUsers, stores.consoleSessions).resetPassword(email);
          if (!reset) throw new CliError('There is no console user with that email address.');
          await stores.audit.append({ actor: cliActor(), action: 'reset-password', recordType: 'console-user', recordId: reset.user.id });
          print(Boolean(options.json), reset, oneTimeText(reset.user, reset.oneTimePassword));
        }),
      ),
    );

  command
    .command('users')
    .description('list console users')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) =>
      run(() =>
        withStores(async (stores) => {
          const users = await new AccountService(stores.consoleUsers, stores.consoleSessions).list();
          await stores.audit.append({ actor: cliActor(), action: 'list-users', recordType: 'console-user', recordId: 'all' });
          const lines = users.map((u) => `${u.email}  ${u.firstName}  ${u.role}${u.disabled ? '  (disabled)' : ''}${u.mustChangePassword ? '  (has a one-time password)' : ''}`);
          print(Boolean(options.json), { users }, users.length ? lines.join('\n') : 'No console users yet. Add one with: signpost console add-user <email> --role admin');
        }),
      ),
    );
}
