/**
 * `signpost sms <from> <text>`: the local SMS simulator. Texts the running server (PUBLIC_URL) as the number `from`,
 * through the same signed webhook Twilio uses, and prints the texts Signpost sends back: plain text for people,
 * JSON with --json.
 */
import type { Command } from 'commander';
import { loadConfig, loadDotEnvFile } from '../config';
import { resolveSecret } from '../secret';

export function registerSms(program: Command): void {
  program
    .command('sms')
    .description('text the running local server as <from> (the SMS simulator, without Twilio) and print its replies')
    .argument('<from>', 'the phone number texting, e.g. 07700900123 or +447700900123')
    .argument('<text...>', 'what the text says')
    .option('--json', 'print {messageSid, replies: [{body, segments, encoding, status}]} as JSON')
    .action(async (from: string, words: string[], options: { json?: boolean }) => {
      loadDotEnvFile();
      const config = loadConfig();
      const { textLocalServer } = require('../channels/sms/simulatorClient') as typeof import('../channels/sms/simulatorClient');
      const exchange = await textLocalServer(config, resolveSecret(config), from, words.join(' '));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(exchange)}\n`);
        return;
      }
      if (exchange.replies.length === 0) process.stdout.write('(no reply)\n');
      for (const reply of exchange.replies) process.stdout.write(`${reply.body}\n\n`);
    });
}
