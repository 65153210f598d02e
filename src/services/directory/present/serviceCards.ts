/**
 * Web chat: a hero card per service, with call and website buttons. Everything a button does is also written in the
 * card's text, so it reads well as plain text (screen readers, transcripts, channels without cards).
 */
import { ActionTypes, CardFactory, type Attachment, type CardAction } from 'botbuilder';
import { say } from '../../content/messages';
import type { MatchResult } from '../matching/matchServices';
import { restOf } from '../matching/reasons';
import { firstAddress, shortUrl, telUri } from './contact';
import { asSentence } from './sentence';

const DESCRIPTION_CHARS = 220;

/** The first sentence or so of a description, cut at a word. */
export function shortDescription(description: string, max = DESCRIPTION_CHARS): string {
  const firstPara = description.split('\n')[0].trim();
  if (firstPara.length <= max) return firstPara;
  const cut = firstPara.slice(0, max);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > max / 2) return cut.slice(0, sentence + 1);
  return `${cut.slice(0, cut.lastIndexOf(' '))}...`;
}

const sentence = asSentence;

/** The contact details as sentences: "Phone 0114 321 0733. Website sheffields6.foodbank.org.uk." */
export function contactSentences(result: MatchResult): string[] {
  const { service } = result;
  const address = service.delivery.includes('in-person') ? firstAddress(service) : undefined;
  return [
    service.phone ? say('signpost.contact.phone', { phone: service.phone }) : undefined,
    service.url ? say('signpost.contact.website', { url: shortUrl(service.url) }) : undefined,
    service.email ? say('signpost.contact.email', { email: service.email }) : undefined,
    address ? say('signpost.contact.address', { address }) : undefined,
  ].filter((s): s is string => s !== undefined);
}

/**
 * What else the directory says, in its own words: cost, how to get it, notes, languages, access. Restriction sentences
 * already shown among the reasons are not repeated.
 */
export function detailSentences(result: MatchResult): string[] {
  const { service } = result;
  const shown = [...result.restrictions.fits, ...result.restrictions.unsure];
  const notes = restOf(service.notes, shown);
  const referral = restOf(service.referral, shown);
  return [
    service.fees ? say('signpost.detail.fees', { text: service.fees }) : undefined,
    referral ? say('signpost.detail.referral', { text: referral }) : undefined,
    notes ? say('signpost.detail.notes', { text: notes }) : undefined,
    service.languages?.length ? say('signpost.detail.languages', { list: service.languages.join(', ') }) : undefined,
    service.accessibility?.length ? say('signpost.detail.accessibility', { list: service.accessibility.join(', ') }) : undefined,
  ].filter((s): s is string => s !== undefined).map(sentence);
}

/** A service in plain text: what it is, why it was suggested, how to reach it. */
export function serviceAsText(result: MatchResult, number?: number): string {
  const { service } = result;
  const title = `${number === undefined ? '' : `${number}. `}${service.name}${service.organisation ? ` (${service.organisation})` : ''}`;
  const about = service.description ? shortDescription(service.description) : '';
  return [title, about, result.reasons.map(sentence).join(' '), detailSentences(result).join(' '), contactSentences(result).join(' ')].filter(Boolean).join('\n');
}

export function serviceCard(result: MatchResult, number: number): Attachment {
  const { service } = result;
  const buttons: CardAction[] = [];
  const tel = telUri(service.phone);
  if (tel && service.phone) buttons.push({ type: ActionTypes.Call, title: say('signpost.card.call', { phone: service.phone }), value: tel });
  if (service.url) buttons.push({ type: ActionTypes.OpenUrl, title: say('signpost.card.website'), value: service.url });
  if (service.email) buttons.push({ type: ActionTypes.OpenUrl, title: say('signpost.card.email'), value: `mailto:${service.email}` });
  const about = service.description ? shortDescription(service.description) : '';
  const text = [about, result.reasons.map(sentence).join(' '), detailSentences(result).join(' '), contactSentences(result).join(' ')].filter(Boolean).join('\n\n');
  return CardFactory.heroCard(`${number}. ${service.name}`, text, undefined, buttons, { subtitle: service.organisation ?? '' });
}
