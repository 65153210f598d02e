/**
 * Dialogs speak, channels render (issue 22 item 3, ARCHITECTURE.md "Seams"): no file in src/dialogs decides anything
 * by the channel a turn came on. Dialogs say what to say, with a short form held with the message itself where one
 * exists; the web chat and SMS renderers (src/channels) decide which form is sent and how it looks.
 *
 * A dialog may still pass the channel id on as an opaque part of who someone is (a person id, a state key, a log
 * field): what it must not do is compare it, name a channel, or choose words or prompts by it.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sourceFiles } from './sourceFiles';

const DIALOGS = join(__dirname, '../../src/dialogs');

/** Ways a dialog can know or choose by the channel, each with what it looks like in code. */
const CHANNEL_CHECKS: [string, RegExp][] = [
  ['an isSms helper', /\bisSms\b/],
  ['channel ids by name', /\bCHANNEL_IDS\b|\bChannels\.\w+/],
  ['a channel named in a string', /['"`](sms|directline|webchat|msteams|emulator|twilio)['"`]/i],
  ['an SMS message id', /\.sms['"`]/],
  ['words chosen by channel (sayOn)', /\bsayOn\b/],
  ['the channel id compared', /\bchannelId\s*[!=]==?|[!=]==?\s*[\w.?]*\bchannelId\b/],
  ['the channel id handed to rendering', /\bchannelId\s*[:?]\s*(?!string)/],
  ['a helper for one channel', /\w+(AsSms|ForSms|Sms)\s*\(/],
];

/** Comments may explain what a channel does with what a dialog says; code may not act on it. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, '')).replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

export function channelChecks(text: string): string[] {
  // A person's own words ("sms" as a way to say "text me") are answers, not channel checks.
  const lines = code(text).split('\n').map((line) => (/\bsynonyms:/.test(line) ? '' : line));
  return lines.flatMap((line, i) => CHANNEL_CHECKS.filter(([, pattern]) => pattern.test(line)).map(([what]) => `line ${i + 1}: ${what}: ${line.trim()}`));
}

describe('dialogs speak, channels render', () => {
  it('recognises each kind of channel check (so the next test can fail)', () => {
    const samples = [
      "const isSms = (c: TurnContext) => c.activity.channelId === CHANNEL_IDS.sms;",
      "if (context.activity.channelId === 'sms') return;",
      "if ('directline' !== context.activity.channelId) return;",
      "await context.sendActivity(sayOn(context.activity.channelId, 'help.text'));",
      "await context.sendActivity(say('signpost.choices.sms'));",
      "if (context.activity.channelId === Channels.Msteams) return;",
      "questionActivity(id, { channelId: dc.context.activity.channelId });",
      "for (const m of servicesAsSms(intro, shown)) await send(m);",
    ];
    for (const sample of samples) expect({ sample, found: channelChecks(sample).length > 0 }).toEqual({ sample, found: true });
    // Passing the id on as part of who someone is, or naming it in a comment, is not a check.
    expect(channelChecks('const personId = this.deps.personIds(channelId, from.id);')).toEqual([]);
    expect(channelChecks("logger.warn({ channel: context.activity.channelId }, 'x');")).toEqual([]);
    expect(channelChecks("// the SMS channel joins short ones ('sms')")).toEqual([]);
  });

  it('finds no channel check in src/dialogs', () => {
    const found = sourceFiles(DIALOGS).flatMap((file) => channelChecks(readFileSync(file, 'utf8')).map((hit) => `${relative(DIALOGS, file)} ${hit}`));
    expect(found).toEqual([]);
  });
});
