/**
 * Every question the bot asks, by id: its words, its choices (suggested actions in web chat, numbered lines by SMS),
 * whether it may be skipped, and how a reply is read. Dialogs hold the flow; this file holds what counts as an answer.
 * Prompts keep only the id in conversation state, so a question can change without breaking saved conversations.
 */
import type { MessageId } from '../../services/content/messages';
import { say } from '../../services/content/messages';
import type { Recognition } from '../../services/nlu/Recognizer';
import { NEEDS, type NeedId } from '../../services/needs/taxonomy';
import type { ContactMethod } from '../../services/referrals/Referral';
import type { Geography } from '../../services/geography/Geography';
import { parsePostcode, postcodeDistrict } from '../../services/geography/postcode';
import { keywordList, parseSignpostReply, type SignpostAction } from '../../services/directory/replies';
import { isSkip, isUnsure, matchChoice, parseNumberList, parseYesNo, readNumber } from './answers';
import type { GuessPolicy } from './commands';
import { parseEmail } from '../../services/contact/email';
import { parseUkMobile, parseUkPhone } from '../../services/contact/ukPhone';
import { parseDateOfBirth } from './dateOfBirth';
import { ETHNIC_CATEGORY, GENDER_IDENTITY, type CodedAnswer, type EthnicCategoryCode, type GenderIdentityCode } from '../../services/dataset/demographics';
import { parseNhsNumber } from '../../services/dataset/nhsNumber';
import { FIELD_GROUPS, FIELD_LABELS, FIELD_WORDS, parseChange, type FieldGroup } from './fields';
import { parseName } from './names';
import { normalise } from './text';

export type Reply<T> = { ok: true; value: T } | { ok: false; error: MessageId; values?: Record<string, string | number>; countsAsTry?: boolean };

export interface ReplyInput {
  text: string;
  now: Date;
  /** What the recognizer made of this turn's text, when the dialog has it. */
  recognition?: Recognition;
  /** The values of the choices offered at this asking, when the dialog offered only some of the question's. */
  offered?: readonly string[];
  /** Where a postcode is, for questions that take a place (the prompt's geography, when it was given one). */
  geography?: Pick<Geography, 'locate'>;
}

export interface Choice {
  label: MessageId;
  value: string;
  /** Other words that pick this choice ("sms", "txt"). */
  synonyms?: readonly string[];
}

export interface Question<T = unknown> {
  text: MessageId;
  /** Lines shown after the question (a numbered list too long for buttons). */
  lines?: () => string[];
  /** Its choices, in order; a dialog may offer only some of them at each asking (AnswerPromptOptions.offer). */
  choices?: readonly Choice[];
  /** Its short form already says how to reply (keywords), so its choices are not listed again in short. */
  saysChoices?: boolean;
  /** Values for its words' {placeholders} that come from the choices offered this time (the menu's keywords). */
  valuesFor?: (offered: readonly string[]) => Record<string, string | number>;
  /** Skip words ("skip", "not sure") answer it. */
  optional?: boolean;
  /**
   * A skip word that is also one of its answers is taken as that answer: "prefer not to say" is the Data
   * Dictionary's "Not stated" (asked, chose not to say), which is not the same as skipping the question.
   */
  answersSkipWords?: boolean;
  /** What to say when someone tries to skip a question that needs an answer (default: answer.cannotSkip). */
  cannotSkip?: MessageId;
  /**
   * Answers of a fixed form (a choice, a date, a number): a reply that reads as an answer is taken as one before it
   * is taken as a command. Free text questions take commands only in their exact words.
   */
  structured: boolean;
  maxLength?: number;
  /** Reads the recognizer's understanding of the reply (the prompt works it out first). */
  understands?: boolean;
  /**
   * Which of the recognizer's guesses at a command count while it waits (commands.ts; default: any for structured
   * questions, gentle for free text).
   */
  guesses?: GuessPolicy;
  /**
   * After this many replies that are not answers, the prompt stops asking and ends with { kind: 'gaveUp' } for the
   * dialog that asked to carry on from (a menu whose dialog has its own way on); without it, the prompt offers the
   * stuck choices (try again, skip, a person).
   */
  giveUpAfter?: number;
  /**
   * A re-prompt says what was wrong and then asks the question again; false keeps the re-prompt alone (the safety
   * questions, whose words and flow belong to the safety work).
   */
  repeatOnRetry?: boolean;
  parse(input: ReplyInput): Reply<T>;
}

const YES_NO: readonly Choice[] = [
  { label: 'answer.yes', value: 'yes' },
  { label: 'answer.no', value: 'no' },
];

function yesNo(text: MessageId, error: MessageId, choices: readonly Choice[] = YES_NO, exact = false): Question<boolean> {
  return {
    text,
    choices,
    structured: true,
    parse: ({ text }) => {
      const yes = parseYesNo(text, { exact });
      if (yes !== undefined) return { ok: true, value: yes };
      const index = matchChoice(text, choices.map((c) => ({ label: say(c.label), synonyms: c.synonyms })));
      if (index !== undefined) return { ok: true, value: choices[index].value === 'yes' };
      return { ok: false, error };
    },
  };
}

function choose<T extends string>(text: MessageId, choices: readonly Choice[], error: MessageId): Question<T> {
  return {
    text,
    choices,
    structured: true,
    parse: ({ text: reply }) => {
      const index = matchChoice(reply, choices.map((c) => ({ label: say(c.label), synonyms: c.synonyms })));
      return index === undefined ? { ok: false, error } : { ok: true, value: choices[index].value as T };
    },
  };
}

export type SafetyAnswer = 'yes' | 'no' | 'unsaid';

const SAFETY_CHOICES: readonly Choice[] = [
  { label: 'safety.ask.yes', value: 'yes', synonyms: ['i am', 'yes i am', 'i think so', 'i do', 'yes i do', 'yeah i am', 'help', 'help me'] },
  { label: 'safety.ask.no', value: 'no', synonyms: ['no i am ok', "no i'm ok", 'no im ok', 'i am ok', "i'm ok", 'im ok', 'i am fine', "i'm fine", 'im fine', 'no i am fine', "no i'm fine", 'no im fine', 'i am safe', "i'm safe", 'im safe', 'no i am safe', "no i'm safe", 'not at all', 'no not at all', 'no never', 'definitely not', 'no way'] },
  { label: 'safety.ask.unsaid', value: 'unsaid', synonyms: ['rather not say', 'prefer not to say', 'i would rather not say', 'i would prefer not to say', 'do not want to say', "don't want to say", 'not saying', 'pass', 'skip', 'maybe', 'not sure', 'i do not know', "i don't know", 'dont know', 'idk', 'sort of', 'kind of', 'a bit'] },
];

/** The direct question about safety: yes, no, or "I'd rather not say" (not sure counts as that, never as no). */
function safetyQuestion(text: MessageId): Question<SafetyAnswer> {
  const choices = choose<SafetyAnswer>(text, SAFETY_CHOICES, 'safety.ask.invalid');
  return {
    ...choices,
    repeatOnRetry: false,
    parse: (input) => {
      const chosen = choices.parse(input);
      if (chosen.ok) return chosen;
      const yes = parseYesNo(input.text, { exact: true });
      return yes === undefined ? chosen : { ok: true, value: yes ? 'yes' : 'no' };
    },
  };
}

/** A number on a scale: one whole number in range, or a re-prompt that says which of those it missed. */
function onScale(text: string, min: number, max: number, errors: { invalid: MessageId; range: MessageId; between: MessageId; whole: MessageId }): Reply<number> {
  const reading = readNumber(text);
  if (!reading) return { ok: false, error: errors.invalid };
  if (reading.kind === 'between') {
    return reading.low >= min && reading.high <= max ? { ok: false, error: errors.between, values: { low: reading.low, high: reading.high } } : { ok: false, error: errors.range };
  }
  if (reading.kind === 'decimal') return { ok: false, error: errors.whole, values: { low: Math.floor(reading.n), high: Math.ceil(reading.n) } };
  return reading.n >= min && reading.n <= max ? { ok: true, value: reading.n } : { ok: false, error: errors.range, values: { number: reading.n } };
}

const ONS4_ERRORS = { invalid: 'ons4.invalid', range: 'ons4.range', between: 'ons4.between', whole: 'ons4.whole' } as const;

function ons4(text: MessageId): Question<number> {
  return {
    text,
    optional: true,
    structured: true,
    parse: ({ text: reply }) => onScale(reply, 0, 10, ONS4_ERRORS),
  };
}

function freeText(text: MessageId, maxLength: number, optional: boolean): Question<string> {
  return {
    text,
    optional,
    structured: false,
    maxLength,
    parse: ({ text: reply }) => ({ ok: true, value: reply.trim() }),
  };
}

/**
 * One of a coded list (NHS Data Dictionary categories), as numbered lines: the reply is its number, its label or one
 * of its words. Optional: skip leaves it out; the list's own "prefer not to say" records that they chose not to say.
 */
function codedList<C extends string>(text: MessageId, list: readonly CodedAnswer<C>[], error: MessageId): Question<C> {
  return {
    text,
    lines: () => list.map((item, i) => `${i + 1} ${item.label}`),
    optional: true,
    answersSkipWords: true,
    structured: true,
    parse: ({ text: reply }) => {
      const numbers = parseNumberList(reply);
      if (numbers && numbers.length === 1 && numbers[0] >= 1 && numbers[0] <= list.length) return { ok: true, value: list[numbers[0] - 1].code };
      const index = matchChoice(reply, list.map((item) => ({ label: item.label, synonyms: item.synonyms })));
      return index === undefined ? { ok: false, error } : { ok: true, value: list[index].code };
    },
  };
}

/** What is wrong with a number given only for texts, where skip (never back) is the way out. */
const TEXTS_MOBILE_ERRORS: Partial<Record<MessageId, MessageId>> = {
  'intake.mobile.invalid': 'texts.mobile.invalid',
  'intake.mobile.tooShort': 'texts.mobile.tooShort',
  'intake.mobile.tooLong': 'texts.mobile.tooLong',
  // No "choose phone call" here: a landline cannot be texted.
  'intake.mobile.notMobile': 'texts.mobile.notMobile',
};

/** A UK mobile number only for texts, where skipping is the other way out: a re-prompt says what is wrong with it. */
function mobileForTexts(text: MessageId): Question<string> {
  return {
    text,
    structured: true,
    optional: true,
    parse: ({ text: reply }) => {
      const number = parseUkMobile(phoneIn(reply));
      if (number) return { ok: true, value: number };
      const problem = phoneProblem(reply, 'mobile');
      return { ok: false, error: TEXTS_MOBILE_ERRORS[problem] ?? problem };
    },
  };
}

const WELCOME_CHOICES: readonly Choice[] = [
  { label: 'welcome.choice.refer', value: 'refer', synonyms: ['refer', 'refer me', 'referral', 'self referral', 'self-referral', 'sign up', 'register'] },
  { label: 'welcome.choice.browse', value: 'anonymous', synonyms: ['find support', 'find local support', 'just looking', 'browse', 'no details', 'services', 'show me services', 'anonymous', 'look'] },
  { label: 'welcome.choice.person', value: 'person', synonyms: ['person', 'human', 'a person', 'someone', 'talk to someone', 'speak to someone', 'link worker'] },
];

const SATISFACTION_CHOICES: readonly Choice[] = ([1, 2, 3, 4, 5] as const).map((n) => ({ label: `satisfaction.choice.${n}` as const, value: String(n) }));

const CONTACT_CHOICES: readonly Choice[] = [
  { label: 'intake.contact.text', value: 'text', synonyms: ['text', 'texts', 'txt', 'sms', 'message', 'text me', 'by text', 'a text', 'texting'] },
  { label: 'intake.contact.phone', value: 'phone', synonyms: ['phone', 'call', 'ring', 'telephone', 'call me', 'ring me', 'phone me', 'a call', 'by phone', 'landline'] },
  { label: 'intake.contact.email', value: 'email', synonyms: ['email', 'e-mail', 'mail', 'email me', 'by email'] },
  { label: 'intake.contact.none', value: 'none', synonyms: ['none', 'no contact', 'no', 'nothing', 'do not contact me', "don't contact me", 'dont contact me', 'no thanks', 'not at all', 'no one'] },
];

const STUCK_CHOICES: readonly Choice[] = [
  { label: 'stuck.choice.retry', value: 'retry', synonyms: ['retry', 'again', 'try again', 'yes'] },
  { label: 'stuck.choice.skip', value: 'skip', synonyms: ['skip', 'skip it', 'next'] },
  { label: 'stuck.choice.person', value: 'person', synonyms: ['person', 'human', 'someone', 'talk to a person'] },
];

/** What to do with the services shown, in the order of their buttons (keywords by text: signpost.choices.sms). */
const SERVICES_MENU_CHOICES: readonly Choice[] = [
  { label: 'signpost.action.more', value: 'more' },
  { label: 'signpost.action.online', value: 'online' },
  { label: 'signpost.action.near', value: 'near' },
  { label: 'signpost.action.free', value: 'free' },
  { label: 'signpost.action.all', value: 'all' },
  { label: 'signpost.action.text', value: 'text' },
  { label: 'signpost.action.done', value: 'done' },
];

/** A choice at the services list; "near" with the district of a postcode typed there ("S6 3BS": near S6). */
export interface ServicesMenuAnswer {
  action: SignpostAction;
  district?: string;
}

const FIELD_CHOICES: readonly Choice[] = FIELD_GROUPS.map((g) => ({ label: FIELD_LABELS[g], value: g, synonyms: FIELD_WORDS[g] }));

export type WelcomeChoice = 'refer' | 'anonymous' | 'person';
export type SummaryAction = { action: 'send' } | { action: 'change'; field?: FieldGroup };

export const QUESTIONS = {
  welcome: {
    text: 'welcome.question',
    choices: WELCOME_CHOICES,
    structured: true,
    understands: true,
    parse: ({ text, recognition }): Reply<WelcomeChoice> => {
      const index = matchChoice(text, WELCOME_CHOICES.map((c) => ({ label: say(c.label), synonyms: c.synonyms })));
      if (index !== undefined) return { ok: true, value: WELCOME_CHOICES[index].value as WelcomeChoice };
      // A postcode or a need typed at the menu: they want to see what help there is.
      if (findPostcode(text) || (recognition && recognition.needs.length > 0 && recognition.intent !== 'talkToPerson')) return { ok: true, value: 'anonymous' };
      if (recognition && !recognition.lowConfidence) {
        if (recognition.intent === 'selfReferral') return { ok: true, value: 'refer' };
        if (recognition.intent === 'findSupport') return { ok: true, value: 'anonymous' };
        if (recognition.intent === 'talkToPerson') return { ok: true, value: 'person' };
        if (recognition.intent === 'greeting' || recognition.intent === 'thanks') return { ok: false, error: 'welcome.question', countsAsTry: false };
      }
      return { ok: false, error: 'welcome.invalid' };
    },
  } satisfies Question<WelcomeChoice>,
  consent: yesNo('consent.ask', 'consent.invalid'),
  name: {
    text: 'intake.name.ask',
    optional: true,
    structured: false,
    maxLength: 200,
    parse: ({ text }): Reply<string> => {
      const name = parseName(text);
      return name ? { ok: true, value: name } : { ok: false, error: 'intake.name.invalid' };
    },
  } satisfies Question<string>,
  dateOfBirth: {
    text: 'intake.dob.ask',
    optional: true,
    structured: true,
    parse: ({ text, now }): Reply<{ iso: string; age: number }> => {
      const parsed = parseDateOfBirth(text.replace(/^\s*(my (date of birth|dob|birthday) is|date of birth|dob|i was born on|i was born|born on|born|it'?s|it is)\s*:?\s*/i, ''), now);
      if (parsed.ok) return { ok: true, value: { iso: parsed.iso, age: parsed.age } };
      const errors = { format: 'intake.dob.invalid', noYear: 'intake.dob.noYear', future: 'intake.dob.future', tooOld: 'intake.dob.tooOld' } as const;
      return { ok: false, error: errors[parsed.problem] };
    },
  } satisfies Question<{ iso: string; age: number }>,
  postcode: {
    text: 'intake.postcode.ask',
    optional: true,
    structured: true,
    parse: ({ text }): Reply<string> => {
      const parsed = parsePostcode(text.replace(/^(my postcode is|it'?s|it is|postcode)\s*:?\s*/i, '').replace(/[.!]+$/, ''));
      if (parsed.ok && parsed.kind === 'full') return { ok: true, value: parsed.postcode };
      const within = findPostcode(text);
      if (within) return { ok: true, value: within };
      if (parsed.ok) return { ok: false, error: 'intake.postcode.partial' };
      return { ok: false, error: 'intake.postcode.invalid' };
    },
  } satisfies Question<string>,
  contactMethod: { ...choose<ContactMethod>('intake.contact.ask', CONTACT_CHOICES, 'intake.contact.invalid'), cannotSkip: 'answer.cannotSkip' },
  mobile: {
    text: 'intake.mobile.ask',
    structured: true,
    cannotSkip: 'intake.detail.cannotSkip',
    parse: ({ text }): Reply<string> => {
      const number = parseUkMobile(phoneIn(text));
      return number ? { ok: true, value: number } : { ok: false, error: phoneProblem(text, 'mobile') };
    },
  } satisfies Question<string>,
  phone: {
    text: 'intake.phone.ask',
    structured: true,
    cannotSkip: 'intake.detail.cannotSkip',
    parse: ({ text }): Reply<string> => {
      const number = parseUkPhone(phoneIn(text));
      return number ? { ok: true, value: number } : { ok: false, error: phoneProblem(text, 'phone') };
    },
  } satisfies Question<string>,
  email: {
    text: 'intake.email.ask',
    structured: true,
    cannotSkip: 'intake.detail.cannotSkip',
    parse: ({ text }): Reply<string> => {
      const email = parseEmail(text);
      return email ? { ok: true, value: email } : { ok: false, error: 'intake.email.invalid' };
    },
  } satisfies Question<string>,
  gpPractice: {
    text: 'intake.gp.ask',
    optional: true,
    structured: false,
    maxLength: 1000,
    parse: ({ text }): Reply<string> => {
      const name = text.trim().replace(/\s+/g, ' ');
      return name.length >= 2 && name.length <= 100 && /\p{L}/u.test(name) ? { ok: true, value: name } : { ok: false, error: 'intake.gp.invalid' };
    },
  } satisfies Question<string>,
  gender: codedList<GenderIdentityCode>('intake.gender.ask', GENDER_IDENTITY, 'intake.gender.invalid'),
  ethnicity: codedList<EthnicCategoryCode>('intake.ethnicity.ask', ETHNIC_CATEGORY, 'intake.ethnicity.invalid'),
  nhsNumber: {
    text: 'intake.nhs.ask',
    optional: true,
    structured: true,
    parse: ({ text }): Reply<string> => {
      const reading = parseNhsNumber(text);
      if (reading.ok) return { ok: true, value: reading.nhsNumber };
      return { ok: false, error: reading.problem === 'checkDigit' ? 'intake.nhs.checkDigit' : 'intake.nhs.length' };
    },
  } satisfies Question<string>,
  whatMatters: freeText('intake.whatMatters.ask', 1000, true),
  needs: freeText('needs.ask', 1000, true),
  needsAnonymous: freeText('needs.askAnonymous', 1000, true),
  needsConfirm: {
    ...yesNo('needs.confirm', 'needs.confirm.invalid'),
    parse: (input: ReplyInput): Reply<boolean> => (isUnsure(input.text) ? { ok: true, value: false } : yesNo('needs.confirm', 'needs.confirm.invalid').parse(input)),
  } satisfies Question<boolean>,
  needsList: {
    text: 'needs.list',
    lines: () => NEEDS.map((n, i) => `${i + 1} ${n.label}`),
    optional: true,
    structured: true,
    understands: true,
    parse: ({ text, recognition }): Reply<NeedId[]> => {
      const numbers = parseNumberList(text);
      if (numbers && numbers.every((n) => n >= 1 && n <= NEEDS.length)) return { ok: true, value: numbers.map((n) => NEEDS[n - 1].id) };
      if (numbers) return { ok: false, error: 'needs.list.range', values: { max: NEEDS.length } };
      const t = normalise(text);
      const named = NEEDS.filter((n) => normalise(n.label) === t || n.id === t);
      if (named.length > 0) return { ok: true, value: named.map((n) => n.id) };
      // A need in their own words where the list is open ("money worries", "I'm lonely").
      const found = (recognition?.needs ?? []).filter((id) => NEEDS.some((n) => n.id === id));
      return found.length > 0 ? { ok: true, value: found } : { ok: false, error: 'needs.list.invalid' };
    },
  } satisfies Question<NeedId[]>,
  lifeSatisfaction: ons4('ons4.lifeSatisfaction'),
  worthwhile: ons4('ons4.worthwhile'),
  happiness: ons4('ons4.happiness'),
  anxiety: ons4('ons4.anxiety'),
  summary: {
    text: 'summary.ask',
    choices: [
      { label: 'summary.choice.send', value: 'send' },
      { label: 'summary.choice.change', value: 'change' },
    ],
    structured: true,
    parse: ({ text }): Reply<SummaryAction> => {
      const named = parseChange(text);
      if (named?.field) return { ok: true, value: { action: 'change', field: named.field } };
      const yes = parseYesNo(text);
      if (yes === true) return { ok: true, value: { action: 'send' } };
      if (yes === false) return { ok: true, value: { action: 'change' } };
      const t = normalise(text);
      if (t === normalise(say('summary.choice.send')) || t === 'send' || t === 'send it' || t === '1') return { ok: true, value: { action: 'send' } };
      if (t === normalise(say('summary.choice.change')) || t === '2') return { ok: true, value: { action: 'change' } };
      const change = parseChange(text);
      return change ? { ok: true, value: { action: 'change', ...change } } : { ok: false, error: 'summary.invalid' };
    },
  } satisfies Question<SummaryAction>,
  summaryWhich: choose<FieldGroup>('summary.which', FIELD_CHOICES, 'summary.which.invalid'),
  textBack: yesNo('handoff.textBack.ask', 'handoff.textBack.invalid'),
  textBackKnown: yesNo('handoff.textBack.askKnown', 'handoff.textBack.invalid'),
  district: {
    text: 'signpost.askDistrict',
    optional: true,
    structured: true,
    // The re-prompt says what to send and how to skip: the question is not asked again under it.
    repeatOnRetry: false,
    parse: ({ text }): Reply<string> => {
      const parsed = parsePostcode(text.replace(/^(my postcode is|it'?s|it is|postcode|near|in)\s*:?\s*/i, '').replace(/[.!]+$/, ''));
      if (parsed.ok) return { ok: true, value: parsed.kind === 'full' ? parsed.postcode : parsed.district };
      const within = findPostcode(text);
      return within ? { ok: true, value: within } : { ok: false, error: 'signpost.askDistrict.retry' };
    },
  } satisfies Question<string>,
  servicesMenu: {
    text: 'signpost.choices',
    choices: SERVICES_MENU_CHOICES,
    saysChoices: true,
    // In short, one line of the keywords for the choices offered ("Reply MORE for more, FREE or DONE.").
    valuesFor: (offered) => ({ keywords: keywordList(offered as SignpostAction[]) }),
    // A command's exact words come before the menu's ("bye" stops), and nothing else is guessed to be a command.
    structured: false,
    guesses: 'none',
    giveUpAfter: 2,
    parse: ({ text, offered, geography }): Reply<ServicesMenuAnswer> => {
      const action = parseSignpostReply(text);
      // Keywords work whether or not their button shows; texting is only for those it was offered to (not someone
      // reading on the phone we would text).
      if (action && (action !== 'text' || !offered || offered.includes('text'))) return { ok: true, value: { action } };
      // A postcode typed at the list means "near here" (issue 21: no need to know to type NEAR first).
      const place = text.trim().replace(/[.!]+$/, '');
      const located = postcodeDistrict(place) && geography ? geography.locate(place) : undefined;
      if (located?.status === 'found') return { ok: true, value: { action: 'near', district: located.place.district } };
      return { ok: false, error: 'signpost.notUnderstood' };
    },
  } satisfies Question<ServicesMenuAnswer>,
  textBackNumber: mobileForTexts('handoff.textBack.number'),
  servicesMobile: mobileForTexts('signpost.askMobile'),
  offerPerson: yesNo('offerPerson.ask', 'offerPerson.invalid', [
    { label: 'offerPerson.yes', value: 'yes', synonyms: ['person', 'talk to a person'] },
    { label: 'offerPerson.no', value: 'no', synonyms: ['done', "i'm done", 'no thank you', 'finished', 'bye', 'maybe later', 'later'] },
  ]),
  safetyAsk: safetyQuestion('safety.ask'),
  safetyAskHarm: safetyQuestion('safety.askHarm'),
  crisisOffer: { ...yesNo('crisis.offer', 'crisis.offer.invalid', [
    { label: 'crisis.choice.person', value: 'yes', synonyms: ['person', 'talk to a person', 'please'] },
    { label: 'crisis.choice.carryOn', value: 'no', synonyms: ['carry on', 'continue', 'no thanks', "i'm ok", 'im ok', 'i am ok', "i'm fine", 'im fine', 'i am fine'] },
  ], true), repeatOnRetry: false },
  confirmCancel: yesNo('command.confirm.cancel', 'answer.yesNo'),
  confirmStartOver: yesNo('command.confirm.startOver', 'answer.yesNo'),
  confirmPerson: yesNo('command.confirm.person', 'answer.yesNo'),
  confirmDelete: yesNo('privacy.confirm', 'answer.yesNo', [
    { label: 'privacy.choice.delete', value: 'yes', synonyms: ['delete', 'delete it', 'yes delete'] },
    { label: 'privacy.choice.keep', value: 'no', synonyms: ['keep', 'keep it', 'no keep it'] },
  ]),
  resume: choose<'carryOn' | 'startAgain'>(
    'resume.ask',
    [
      { label: 'resume.choice.carryOn', value: 'carryOn', synonyms: ['carry on', 'continue', 'yes', 'go on', 'where i left off', 'keep going'] },
      { label: 'resume.choice.startAgain', value: 'startAgain', synonyms: ['start again', 'start over', 'restart', 'begin again', 'new', 'no', 'from scratch', 'from the start', 'from the beginning', 'start afresh', 'fresh start'] },
    ],
    'resume.invalid',
  ),
  satisfaction: {
    text: 'satisfaction.ask',
    choices: SATISFACTION_CHOICES,
    optional: true,
    structured: true,
    parse: ({ text }): Reply<number> => {
      const index = matchChoice(text, SATISFACTION_CHOICES.map((c) => ({ label: say(c.label) })));
      if (index !== undefined) return { ok: true, value: index + 1 };
      const scored = onScale(text, 1, 5, { invalid: 'satisfaction.invalid', range: 'satisfaction.invalid', between: 'satisfaction.between', whole: 'satisfaction.between' });
      if (scored.ok || readNumber(text)) return scored;
      const named = matchChoice(text, SATISFACTION_CHOICES.map((c) => ({ label: say(c.label), synonyms: [normalise(say(c.label))] })));
      return named === undefined ? { ok: false, error: 'satisfaction.invalid' } : { ok: true, value: named + 1 };
    },
  } satisfies Question<number>,
  satisfactionComment: freeText('satisfaction.comment.ask', 1000, true),
  followUpConsent: yesNo('followUp.consent.ask', 'answer.yesNo'),
  followUpConsentByText: yesNo('followUp.consent.askByText', 'answer.yesNo'),
  stuck: choose<'retry' | 'skip' | 'person'>('stuck.ask', STUCK_CHOICES, 'answer.notUnderstood'),
  stuckRequired: choose<'retry' | 'person'>('stuck.ask', STUCK_CHOICES.filter((c) => c.value !== 'skip'), 'answer.notUnderstood'),
} satisfies Record<string, Question<never> | Question<unknown>>;

export type QuestionId = keyof typeof QUESTIONS;

export function question(id: QuestionId): Question<unknown> {
  return QUESTIONS[id] as Question<unknown>;
}

/** Which of the recognizer's guesses at a command count while this question waits. */
export function guessesFor(id: QuestionId): GuessPolicy {
  const q = question(id);
  return q.guesses ?? (q.structured ? 'any' : 'gentle');
}

export function isQuestionId(id: unknown): id is QuestionId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(QUESTIONS, id);
}

/** A full UK postcode written anywhere in a reply ("bs16 1qy thanks"), or undefined. */
export function findPostcode(text: string): string | undefined {
  const m = /\b([a-z]{1,2}\d[a-z\d]?)\s*(\d[a-z]{2})\b/i.exec(text);
  if (!m) return undefined;
  const parsed = parsePostcode(`${m[1]} ${m[2]}`);
  return parsed.ok && parsed.kind === 'full' ? parsed.postcode : undefined;
}

/** The phone number in a reply ("call me on 0117 496 0123", "my number is 07700900123"). */
function phoneIn(text: string): string {
  const m = /(\+|\b)[\d(][\d\s().-]{5,20}\d/.exec(text);
  return m ? m[0].trim() : text;
}

/** What is wrong with a number that is not a UK mobile (or phone) number: too short, too long, or not a mobile. */
function phoneProblem(text: string, kind: 'mobile' | 'phone'): MessageId {
  const digits = phoneIn(text).replace(/\D/g, '');
  if (digits.length < 5) return kind === 'mobile' ? 'intake.mobile.invalid' : 'intake.phone.invalid';
  const national = digits.startsWith('44') ? `0${digits.slice(2)}` : digits.startsWith('0') ? digits : `0${digits}`;
  if (national.length < 11 && national.length >= 9) return kind === 'mobile' ? 'intake.mobile.tooShort' : 'intake.phone.tooShort';
  if (national.length > 11) return kind === 'mobile' ? 'intake.mobile.tooLong' : 'intake.phone.tooLong';
  if (kind === 'mobile' && !national.startsWith('07') && parseUkPhone(national)) return 'intake.mobile.notMobile';
  return kind === 'mobile' ? 'intake.mobile.invalid' : 'intake.phone.invalid';
}

/** What a reply to a question comes to: an answer, a skip, or a re-prompt saying what was wrong. */
export type Understood<T = unknown> =
  | { kind: 'answer'; value: T }
  | { kind: 'skip' }
  | { kind: 'retry'; error: MessageId; values?: Record<string, string | number>; countsAsTry: boolean };

/**
 * How a reply to a question is understood (the prompt handles back, empty replies and length first). The one place
 * that decides: the answer prompt acts on it, and the answers table (test/dialogs/prompts/answersTable.test.ts) scores it.
 */
export function understand(id: QuestionId, input: ReplyInput): Understood {
  const q = question(id);
  if (q.optional && isSkip(input.text)) {
    const said = q.answersSkipWords ? q.parse(input) : undefined;
    return said?.ok ? { kind: 'answer', value: said.value } : { kind: 'skip' };
  }
  const reply = q.parse(input);
  if (reply.ok) return { kind: 'answer', value: reply.value };
  if (reply.countsAsTry === false) return { kind: 'retry', error: reply.error, values: reply.values, countsAsTry: false };
  // A skip word where an answer is needed: the question's own re-prompt, unless it says why it cannot be skipped.
  return { kind: 'retry', error: isSkip(input.text) && q.cannotSkip ? q.cannotSkip : reply.error, values: reply.values, countsAsTry: true };
}
