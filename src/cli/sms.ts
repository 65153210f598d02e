/**
 * `signpost sms <from> <text>`: the local SMS simulator. Texts the running server (PUBLIC_URL) as the number `from`,
 * through the same signed webhook Twilio uses, and prints the texts Signpost sends back: plain text for people,
 * JSON with --json. Then, for --wait seconds (3 unless told), prints the texts sent to that number later (a link
 * worker's reply, the text when they hand back), as they arrive.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig, loadDotEnvFile } from '../config';
import { resolveSecret } from '../secret';

const DEFAULT_WAIT_SECONDS = 3;
const MAX_WAIT_SECONDS = 3600;

function parseWait(value: string): number {
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds > MAX_WAIT_SECONDS) throw new InvalidArgumentError(`--wait takes seconds from 0 to ${MAX_WAIT_SECONDS}, e.g. --wait 10`);
  return seconds;
}

export function registerSms(program: Command): void {
  program
    .command('sms')
    .description('text the running local server as <from> (the SMS simulator, without Twilio) and print its replies')
    .argument('<from>', 'the phone number texting, e.g. 07700900123 or +447700900123')
    .argument('<text...>', 'what the text says')
    .option('--json', 'print {messageSid, replies: [{body, segments, encoding, status}], later: [...]} as JSON')
    .option('--wait <seconds>', 'then print texts sent to that number later (a link worker\'s reply) for this long; 0 not to wait', parseWait, DEFAULT_WAIT_SECONDS)
    .action(async (from: string, words: string[], options: { json?: boolean; wait: number }) => {
      loadDotEnvFile();
      const config = loadConfig();
      const { textLocalServer } = require('../channels/sms/simulatorClient') as typeof import('../channels/sms/simulatorClient');
      let repliesShown = false;
      const exchange = await textLocalServer(config, resolveSecret(config), from, words.join(' '), {
        waitMs: options.wait * 1000,
        // People see later texts as they come (after the replies); programs get them all in the JSON at the end.
        onLater: options.json ? undefined : (text) => process.stdout.write(`${text.body}\n\n`),
        onReplies: options.json
          ? undefined
          : (replies) => {
              repliesShown = true;
              if (replies.length === 0) process.stdout.write('(no reply)\n');
              for (const reply of replies) process.stdout.write(`${reply.body}\n\n`);
            },
      });
      if (options.json) process.stdout.write(`${JSON.stringify(exchange)}\n`);
      else if (!repliesShown) process.stdout.write('(no reply)\n');
    });
}
