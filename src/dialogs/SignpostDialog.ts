/**
 * Shows the services that match what a person needs: the top three (cards, with compact numbered lines as their
 * short form), then "more", filters ("online or phone only", "near me", "free only", "show all"), "text me these", or done.
 * Begin with SignpostOptions; ends with { offered } (the service ids shown) and gaveUp when two replies were not
 * understood (the caller can offer a person). Every question here is asked by the answer prompt, as the intake's are
 * (the menu is the question servicesMenu in prompts/questions.ts, with the choices offered on each page).
 */
import { MessageFactory, type TurnContext } from 'botbuilder';
import { ComponentDialog, WaterfallDialog, type DialogContext, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import { shortOf, withShortForm, words, type Words } from '../services/content/shortForm';
import type { DirectoryRepository } from '../services/directory/DirectoryService';
import { findMatches } from '../services/directory/findMatches';
import type { MatchFilters, MatchQuery, MatchResult } from '../services/directory/matching/matchServices';
import { listOf } from '../services/directory/matching/reasons';
import { needLabel, type NeedId } from '../services/needs/taxonomy';
import { serviceCard } from '../services/directory/present/serviceCards';
import { servicesInShort } from '../services/directory/present/smsList';
import type { SignpostAction } from '../services/directory/replies';
import { numberEnding, parseUkMobile } from '../services/contact/ukPhone';
import { sendTexts } from '../services/directory/textServices';
import type { Geography, Place } from '../services/geography/Geography';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import type { ServiceRef } from '../services/referrals/Referral';
import type { TextMessageSender } from '../services/sms/TextMessageSender';
import { DIALOG_IDS, type SignpostOptions } from './dialogIds';
import { AnswerPrompt, ANSWER_PROMPT, type AnswerPromptOptions, type AnswerResult } from './prompts/AnswerPrompt';
import type { ServicesMenuAnswer } from './prompts/questions';
import { wordsActivity } from './speak';
import { turnMobile } from './turnMobile';

export const SIGNPOST_DIALOG = DIALOG_IDS.signpost;
export const PAGE_SIZE = 3;
/** Right after a referral the first page is the best option for each need, and at least this many. */
const MIN_AFTER_REFERRAL = 2;

const SHOW = 'signpost.show';
const NEAR = 'signpost.near';
const TEXT_ME = 'signpost.textMe';

export interface SignpostDialogResult {
  offered: string[];
  gaveUp?: boolean;
}

export interface SignpostDependencies {
  directory: DirectoryRepository;
  geography: Geography;
  textMessages: TextMessageSender;
  /** Records the services offered on the referral, when the dialog begins with a referralReference. */
  referrals?: ReferralRepository;
  /** "Open now" is judged against this clock. */
  clock?: () => Date;
  logger?: Logger;
}

/** What the dialog carries from turn to turn (conversation state: no full postcode, no phone number). */
interface SignpostState {
  needs: string[];
  district?: string;
  /** The person's postcode sector ("S10 2"), when their full postcode's sector has bundled positions: never the full postcode. */
  sector?: string;
  age?: number;
  referralReference?: string;
  filters: MatchFilters;
  page: number;
  offered: string[];
  /** The services shown since the first page of the current filters ("More" shows the next ones not yet seen). */
  seen?: string[];
  /** Only ask what next (after texting, or when "near me" found no place). */
  quiet?: boolean;
  /** The action waiting for a child dialog. */
  pending?: 'near' | 'text';
  /** The place is known and nothing near it fits: "near me" and "online or phone only" would change nothing. */
  nothingNear?: boolean;
  /** Choices that found nothing in this list: not offered again. */
  fruitless?: SignpostAction[];
}

interface TextMeOptions {
  messages: string[];
  /** Look for a text number on this referral first (the number itself never goes into dialog state). */
  referralReference?: string;
}

/** What a waterfall keeps between its own steps. */
interface StepValues {
  state: SignpostState;
  shown?: string[];
  messages?: string[];
}

const values = (step: WaterfallStepContext): StepValues => step.values as StepValues;

export class SignpostDialog extends ComponentDialog {
  private readonly clock: () => Date;

  constructor(private readonly deps: SignpostDependencies) {
    super(SIGNPOST_DIALOG);
    this.clock = deps.clock ?? (() => new Date());
    this.addDialog(new WaterfallDialog(SHOW, [this.present.bind(this), this.choose.bind(this), this.afterChild.bind(this)]));
    this.addDialog(new WaterfallDialog(NEAR, [this.askDistrict.bind(this), this.endWithDistrict.bind(this)]));
    this.addDialog(new WaterfallDialog(TEXT_ME, [this.askMobile.bind(this), this.send.bind(this)]));
    this.addDialog(new AnswerPrompt({ clock: deps.clock, geography: deps.geography }));
    this.initialDialogId = SHOW;
  }

  /** Turns SignpostOptions into the dialog's state; says once when the postcode cannot be used. */
  protected override async onBeginDialog(inner: DialogContext, options?: SignpostOptions): Promise<DialogTurnResult> {
    const state: SignpostState = { needs: options?.needs ?? [], age: options?.age, referralReference: options?.referralReference, filters: {}, page: 0, offered: [] };
    if (options?.postcode) {
      const located = this.deps.geography.locate(options.postcode);
      if (located.status === 'found') {
        state.district = located.place.district;
        if (located.place.sector) state.sector = located.place.sector;
      }
      else if (located.status === 'unknown') await inner.context.sendActivity(say('signpost.postcode.unknown', { district: located.district }));
      else if (located.status === 'malformed') await inner.context.sendActivity(say('signpost.postcode.malformed'));
    }
    return inner.beginDialog(SHOW, state);
  }

  /** Where distances are measured from: the person's sector centre where known, else their district's. */
  private origin(state: SignpostState): Place | undefined {
    const sector = state.sector ? this.deps.geography.sector?.(state.sector) : undefined;
    return sector ?? (state.district ? this.deps.geography.district(state.district) : undefined);
  }

  /** What every match query of this conversation shares. */
  private query(state: SignpostState): MatchQuery {
    return { needs: state.needs as NeedId[], origin: this.origin(state), age: state.age, filters: state.filters, now: this.clock() };
  }

  /**
   * The services for the page being shown. The first page is the best three, plus the best service for each need
   * those three do not meet (so every need the person named gets an answer); it also says which needs nothing fits
   * (noneFor) and, when the person's place is known, which needs only services used from home meet (fromHomeFor).
   * Right after a referral with several needs, the first page is the best option for each need (at least two) and no
   * more: the link worker will follow up, and a text then has room for all of them ("More" shows the rest).
   * Later pages are the next three not yet seen.
   */
  private async page(state: SignpostState): Promise<{ shown: MatchResult[]; moreAvailable: boolean; noneFor: NeedId[]; fromHomeFor: NeedId[] }> {
    const needs = state.needs as NeedId[];
    const seen = new Set(state.page === 0 ? [] : state.seen ?? []);
    const ranked = await findMatches(this.deps.directory, { ...this.query(state), limit: seen.size + PAGE_SIZE + 1 }, this.deps.geography);
    const fresh = ranked.filter((r) => !seen.has(r.service.id));
    const onePerNeed = state.page === 0 && state.referralReference !== undefined && needs.length > 1;
    const shown = onePerNeed ? [] : fresh.slice(0, PAGE_SIZE);
    const noneFor: NeedId[] = [];
    let fromHomeFor: NeedId[] = [];
    let moreAvailable = fresh.length > PAGE_SIZE;
    if (state.page === 0) {
      const missing = needs.filter((need) => !shown.some((r) => r.needsMet.includes(need)));
      const everything = missing.length > 0 && ranked.length > 0 ? await findMatches(this.deps.directory, this.query(state), this.deps.geography) : [];
      for (const need of missing) {
        const best = everything.find((r) => r.needsMet.includes(need));
        if (!best) noneFor.push(need);
        else if (!shown.some((r) => r.service.id === best.service.id || (onePerNeed && r.needsMet.includes(need)))) shown.push(best);
      }
      // One per need keeps the order of the ranking.
      if (onePerNeed) {
        // At least two, when one service met every need.
        for (const r of everything) if (shown.length < MIN_AFTER_REFERRAL && !shown.includes(r)) shown.push(r);
        shown.sort((a, b) => everything.indexOf(a) - everything.indexOf(b));
        moreAvailable = everything.length > shown.length;
      }
      // "Nothing near you" is only true when the person has not asked for services used from home.
      if (state.district && !state.filters.remoteOnly) {
        fromHomeFor = needs.filter((need) => {
          const forNeed = shown.filter((r) => r.needsMet.includes(need));
          return forNeed.length > 0 && forNeed.every((r) => r.servesEveryone);
        });
      }
    }
    return { shown, moreAvailable, noneFor, fromHomeFor };
  }

  /** "For support for carers, I have nothing on my list that fits." and what the link worker will do. */
  private noneSentence(state: SignpostState, needs: NeedId[]): Words {
    if (hasFilters(state.filters)) return words('signpost.none.need.filtered', { need: needList(needs) });
    return words(state.referralReference ? 'signpost.none.need.referral' : 'signpost.none.need', { need: needList(needs) });
  }

  private async present(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = step.options as SignpostState;
    values(step).state = state;
    if (state.quiet) return this.promptChoices(step, state, false);

    const { shown, moreAvailable, noneFor, fromHomeFor } = await this.page(state);
    if (shown.length === 0) {
      if (state.page > 0) {
        await step.context.sendActivity(say('signpost.none.more'));
        return this.promptChoices(step, state, false);
      }
      if (hasFilters(state.filters)) {
        // Which choice found nothing, in words; a single choice that found nothing is not offered again.
        const tried = activeFilters(state.filters);
        const said = tried.length > 1 ? say('signpost.none.filtered') : tried[0] === 'near' ? say('signpost.none.near', { district: state.district ?? '' }) : say(tried[0] === 'free' ? 'signpost.none.free' : 'signpost.none.online');
        await step.context.sendActivity(said);
        const fruitless = tried.length === 1 ? [...new Set([...(state.fruitless ?? []), ...tried])] : state.fruitless;
        return step.replaceDialog(SHOW, { ...state, filters: {}, page: 0, fruitless });
      }
      await step.context.sendActivity(wordsActivity(this.noneSentence(state, state.needs as NeedId[])));
      return step.endDialog({ offered: state.offered } satisfies SignpostDialogResult);
    }
    const intro = state.page === 0 ? introFor(shown.length) : shown.length === 1 ? words('signpost.intro.moreOne') : words('signpost.intro.more', { count: shown.length });
    // A later page that is the last says so.
    const end = state.page > 0 && !moreAvailable ? [words('signpost.none.more')] : [];
    // What the first page cannot do for each need, said plainly beside what it can.
    const none = noneFor.length > 0 ? [this.noneSentence(state, noneFor)] : [];
    // Nothing near for any need that has an option: one short heading says so, and "near me" and "online" are not offered.
    state.nothingNear = state.page === 0 ? fromHomeFor.length > 0 && shown.every((r) => r.servesEveryone) : state.nothingNear;
    const fromHome = fromHomeFor.length > 0 ? [words(state.nothingNear ? 'signpost.fromHome.all' : 'signpost.fromHome.need', { need: needList(fromHomeFor) })] : [];
    const notes = [...none, ...fromHome];
    // Without a place, local services may be anywhere: say so, and how to narrow them down.
    const noPlace = state.page === 0 && !state.district && shown.some((r) => !r.servesEveryone);
    const hint = noPlace ? words('signpost.intro.noPlace') : undefined;
    const firstNumber = (state.page === 0 ? 0 : (state.seen ?? []).length) + 1;
    const text = [intro, ...notes, ...(hint ? [hint] : []), ...end].map((w) => w.text).join(' ');
    // In short, "from home" heads the list in place of the intro (it says what follows), and what nothing fits is said
    // after the list, beside what to do next: each a block of its own, joined with others where they fit.
    const header = [...(fromHome.length > 0 ? [] : [shortOf(intro)]), ...(hint ? [shortOf(hint)] : [])].join(' ');
    const short = [...fromHome.map(shortOf), ...servicesInShort(header, shown, firstNumber), ...none.map(shortOf), ...end.map(shortOf)];
    await this.show(step.context, shown, text, short, firstNumber);
    const ids = shown.map((r) => r.service.id);
    state.seen = [...(state.page === 0 ? [] : state.seen ?? []), ...ids];
    state.offered = [...new Set([...state.offered, ...ids])];
    values(step).shown = ids;
    await this.recordOffered(state, shown.map((r) => ({ id: r.service.id, name: r.service.name })));
    return this.promptChoices(step, state, moreAvailable);
  }

  /** The services as cards under their intro; in short, as compact numbered lines. */
  private async show(context: TurnContext, shown: MatchResult[], intro: string, short: string[], firstNumber: number): Promise<void> {
    const carousel = MessageFactory.carousel(shown.map((r, i) => serviceCard(r, firstNumber + i)), intro);
    await context.sendActivity(withShortForm(carousel, { blocks: short }));
  }

  /** What next: the menu's choices that make sense on this page (keywords by text, which work whatever shows). */
  private async promptChoices(step: WaterfallStepContext, state: SignpostState, moreAvailable: boolean): Promise<DialogTurnResult> {
    const choices: SignpostAction[] = [
      ...(moreAvailable ? ['more' as const] : []),
      ...(state.filters.remoteOnly || state.nothingNear ? [] : ['online' as const]),
      ...(state.filters.nearMe || state.nothingNear ? [] : ['near' as const]),
      ...(state.filters.freeOnly ? [] : ['free' as const]),
      ...(hasFilters(state.filters) ? ['all' as const] : []),
      // Someone reading on the phone we would text has the services there already.
      ...(turnMobile(step.context) === undefined ? ['text' as const] : []),
      'done',
    ];
    const offer = choices.filter((action) => !(state.fruitless ?? []).includes(action));
    return step.beginDialog(ANSWER_PROMPT, { question: 'servicesMenu', offer } satisfies AnswerPromptOptions);
  }

  private async choose(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = values(step).state;
    const result = step.result as AnswerResult<ServicesMenuAnswer> | undefined;
    if (result?.kind === 'gaveUp') return step.endDialog({ offered: state.offered, gaveUp: true } satisfies SignpostDialogResult);
    // (The menu cannot be skipped or gone back from: anything but an answer shows the choices again.)
    if (result?.kind !== 'answer') return step.replaceDialog(SHOW, { ...state, pending: undefined, quiet: true });
    const { action, district } = result.value;
    const next: SignpostState = { ...state, quiet: false, pending: undefined };
    // A postcode typed at the list: near that place (measured from its district, not a sector given before).
    if (district) return step.replaceDialog(SHOW, { ...next, district, sector: undefined, filters: nearFilters(state.filters), page: 0 });
    switch (action) {
      case 'more':
        return step.replaceDialog(SHOW, { ...next, page: state.page + 1 });
      case 'online':
        return step.replaceDialog(SHOW, { ...next, filters: { ...state.filters, remoteOnly: true, nearMe: undefined }, page: 0 });
      case 'free':
        return step.replaceDialog(SHOW, { ...next, filters: { ...state.filters, freeOnly: true }, page: 0 });
      case 'all':
        return step.replaceDialog(SHOW, { ...next, filters: {}, page: 0 });
      case 'near':
        if (state.district) return step.replaceDialog(SHOW, { ...next, filters: nearFilters(state.filters), page: 0 });
        values(step).state = { ...next, pending: 'near' };
        return step.beginDialog(NEAR);
      case 'text': {
        values(step).state = { ...next, pending: 'text' };
        const shown = await this.shownResults(state, values(step).shown);
        return step.beginDialog(TEXT_ME, { messages: servicesInShort(say('signpost.textMe.header'), shown), referralReference: state.referralReference } satisfies TextMeOptions);
      }
      case 'done':
      default:
        await step.context.sendActivity(say('signpost.done'));
        return step.endDialog({ offered: state.offered } satisfies SignpostDialogResult);
    }
  }

  private async afterChild(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = values(step).state;
    if (state.pending === 'near' && typeof step.result === 'string') {
      return step.replaceDialog(SHOW, { ...state, pending: undefined, district: step.result, sector: undefined, filters: nearFilters(state.filters), page: 0 });
    }
    return step.replaceDialog(SHOW, { ...state, pending: undefined, quiet: true });
  }

  /** The services on the page last shown, matched again (the same inputs give the same results), in the order shown. */
  private async shownResults(state: SignpostState, ids: string[] | undefined): Promise<MatchResult[]> {
    const all = await findMatches(this.deps.directory, this.query(state), this.deps.geography);
    const byId = new Map(all.map((r) => [r.service.id, r]));
    return (ids ?? []).map((id) => byId.get(id)).filter((r): r is MatchResult => r !== undefined);
  }

  /** The UK mobile the person gave for texts on their referral, if any. */
  private async knownMobile(referralReference: string | undefined): Promise<string | undefined> {
    if (!referralReference || !this.deps.referrals) return undefined;
    const referral = await this.deps.referrals.get(referralReference);
    const value = referral?.person.contactMethod === 'text' ? referral.person.contactValue : undefined;
    return value ? parseUkMobile(value) : undefined;
  }

  /** Adds the services shown to the referral: their ids (servicesOffered) and, by id and name, servicesOfferedNamed. */
  private async recordOffered(state: SignpostState, shown: ServiceRef[]): Promise<void> {
    if (!state.referralReference || !this.deps.referrals) return;
    try {
      const referral = await this.deps.referrals.get(state.referralReference);
      if (!referral) return;
      const servicesOffered = [...new Set([...referral.servicesOffered, ...shown.map((s) => s.id)])];
      const named = [...(referral.servicesOfferedNamed ?? [])];
      for (const service of shown) if (!named.some((n) => n.id === service.id)) named.push({ id: service.id, name: service.name });
      if (servicesOffered.length !== referral.servicesOffered.length || named.length !== (referral.servicesOfferedNamed ?? []).length) {
        await this.deps.referrals.update(state.referralReference, { servicesOffered, servicesOfferedNamed: named });
      }
    } catch (error) {
      // The person still gets their services; the link worker sees fewer offered. Logged by type only.
      this.deps.logger?.warn({ err: error, dialog: SIGNPOST_DIALOG }, 'could not record the services offered on the referral');
    }
  }

  // "Near me" without a known place: ask for the first half of the postcode (the answer prompt, as the intake asks).
  private async askDistrict(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(ANSWER_PROMPT, { question: 'district' } satisfies AnswerPromptOptions);
  }

  /** Ends with the district of the place given, or nothing (skipped, or a place not on the list, which is said). */
  private async endWithDistrict(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<string> | undefined;
    if (result?.kind !== 'answer') return step.endDialog();
    const located = this.deps.geography.locate(result.value);
    if (located.status === 'found') return step.endDialog(located.place.district);
    if (located.status === 'unknown') await step.context.sendActivity(say('signpost.postcode.unknown', { district: located.district }));
    return step.endDialog();
  }

  // "Text me these": the number is asked as the intake asks its questions (the answer prompt).
  private async askMobile(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as TextMeOptions;
    values(step).messages = options.messages;
    const known = await this.knownMobile(options.referralReference);
    if (known) return step.next({ kind: 'answer', value: known } satisfies AnswerResult<string>);
    return step.beginDialog(ANSWER_PROMPT, { question: 'servicesMobile' } satisfies AnswerPromptOptions);
  }

  private async send(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as AnswerResult<string> | undefined;
    if (result?.kind !== 'answer') {
      await step.context.sendActivity(say('signpost.mobile.skipped'));
      return step.endDialog();
    }
    const to = result.value;
    try {
      const outcome = await sendTexts(this.deps.textMessages, to, values(step).messages ?? [], step.context.activity.conversation?.id);
      const answer = { sent: say('signpost.mobile.sent', { ending: numberEnding(to) }), 'opted-out': say('signpost.mobile.optedOut'), limited: say('signpost.mobile.limited'), unavailable: say('signpost.mobile.gaveUp') }[outcome];
      await step.context.sendActivity(answer);
    } catch (error) {
      this.deps.logger?.warn({ err: error, dialog: SIGNPOST_DIALOG }, 'could not queue the services as texts');
      await step.context.sendActivity(say('signpost.mobile.gaveUp'));
    }
    return step.endDialog();
  }
}

function hasFilters(filters: MatchFilters): boolean {
  return Boolean(filters.remoteOnly || filters.nearMe || filters.freeOnly);
}

/** "Near me" in place of "online or phone only" (near in person and from home at once would find nothing). */
function nearFilters(filters: MatchFilters): MatchFilters {
  return { ...filters, nearMe: true, remoteOnly: undefined };
}

/** The menu's choices behind the filters in force. */
function activeFilters(filters: MatchFilters): SignpostAction[] {
  return [...(filters.remoteOnly ? ['online' as const] : []), ...(filters.nearMe ? ['near' as const] : []), ...(filters.freeOnly ? ['free' as const] : [])];
}

/** "support for carers and bereavement" */
function needList(needs: readonly NeedId[]): string {
  return listOf(needs.map((n) => needLabel(n).toLowerCase()));
}

function introFor(count: number): Words {
  return count === 1 ? words('signpost.introOne') : words('signpost.intro', { count });
}
