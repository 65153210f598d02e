/**
 * Text messages: services as compact numbered lines, packed into messages of one segment (160 GSM-7 characters) each.
 * "1. Hillsborough: 0114 321 0733. 0.6 miles from S6. Tuesday and Friday, 11am to 1pm"
 */
import { say } from '../../content/messages';
import { describeOpening } from '../matching/openingTimes';
import type { MatchResult } from '../matching/matchServices';
import { listOf } from '../matching/reasons';
import { primaryContact } from './contact';
import { capitalise } from './sentence';
import { SEGMENT_SEPTETS, septets, toGsm7 } from '../../sms/gsm7';

/** One service as one line of at most `budget` characters; the least important parts go first when it is too long. */
export function smsLine(result: MatchResult, number: number, budget = SEGMENT_SEPTETS): string {
  const { service } = result;
  const name = toGsm7(service.name);
  const when = service.openingText ? undefined : describeOpening(service.openingTimes);
  // Online and by phone in a word: a text has no room for "so you can use it from home" on every line. "online" beside
  // a web address says nothing the address does not, so it is left out there.
  const contact = primaryContact(service);
  const byWebAddress = !service.phone && Boolean(service.url);
  const where = result.where === say('signpost.reason.online') ? (byWebAddress ? undefined : say('signpost.reason.online.sms')) : result.where === say('signpost.reason.phone') ? say('signpost.reason.phone.sms') : nationsInShort(result, byWebAddress);
  // Each part after the contact starts as a sentence ("reengage.org.uk. By phone"): a web address never runs into it.
  const parts = [contact, where, when].filter((p): p is string => Boolean(p)).map((p, i) => toGsm7(i === 0 ? p : capitalise(p)));
  while (parts.length > 0) {
    const line = `${number}. ${name}: ${parts.join('. ')}`;
    if (septets(line) <= budget) return line;
    parts.pop();
  }
  const bare = `${number}. ${name}`;
  return septets(bare) <= budget ? bare : `${bare.slice(0, budget - 3)}...`;
}

/**
 * An online service's nations by text: not at all when its name already names each of them ("Housing advice for
 * England"), else without "online" beside a web address ("for people anywhere in Wales"). Anything else as it is.
 */
function nationsInShort(result: MatchResult, byWebAddress: boolean): string | undefined {
  const nations = result.service.nations ?? [];
  if (!byWebAddress || nations.length === 0 || result.where !== say('signpost.reason.nations.online', { nations: listOf(nations) })) return result.where;
  const name = result.service.name.toLowerCase();
  return nations.every((n) => name.includes(n.toLowerCase())) ? undefined : say('signpost.reason.nations', { nations: listOf(nations) });
}

/**
 * A service's lines: its compact line, and when its own words limit who it is for and Signpost cannot tell the
 * person fits, those words as they are on a line of their own (cut only if longer than a whole segment).
 */
export function smsLines(result: MatchResult, number: number, budget = SEGMENT_SEPTETS): string[] {
  const lines = [smsLine(result, number, budget)];
  for (const words of result.restrictions.unsure) {
    const line = toGsm7(say('signpost.sms.restricted', { text: words }));
    lines.push(septets(line) <= budget ? line : `${line.slice(0, budget - 3)}...`);
  }
  return lines;
}

/** Packs a header and lines into as few messages as possible, each within one segment. */
export function packMessages(header: string, lines: string[], budget = SEGMENT_SEPTETS): string[] {
  const messages: string[] = [];
  let current = toGsm7(header);
  for (const line of lines) {
    const joined = current === '' ? line : `${current}\n${line}`;
    if (septets(joined) <= budget) current = joined;
    else {
      if (current !== '') messages.push(current);
      current = line;
    }
  }
  if (current !== '') messages.push(current);
  return messages;
}

/** Services in short (the short form of the service cards, and the texts of "text me these"), numbered from `firstNumber`. */
export function servicesInShort(header: string, results: MatchResult[], firstNumber = 1): string[] {
  // A service and its "only for some people" line travel in one text where they fit one, so the limit is never read
  // apart from the service it is about.
  return packMessages(header, results.flatMap((r, i) => {
    const lines = smsLines(r, firstNumber + i);
    const together = lines.join('\n');
    return septets(together) <= SEGMENT_SEPTETS ? [together] : lines;
  }));
}
