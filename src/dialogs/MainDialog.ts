/**
 * The root of the conversation. Every turn, before any question hears the reply, its interrupts in order
 * (MainDialog.interrupts):
 * 1. safety: crisis words interrupt whatever is running (crisis message, urgent, a person offered now); a check
 *    gives the numbers and the conversation carries on;
 * 2. replies with no words (a picture, an empty message, only emoji) get a friendly word and the question again;
 * 3. someone back after 7 days is asked whether to carry on or start again;
 * 4. a question the root asked itself (the crisis offer, a command to confirm) gets its answer;
 * 5. the things people can say at any time: help, start over, cancel or stop, talk to a person, delete my data.
 * Then the turn goes to the running dialog: welcome -> self-referral | local support without details | a person.
 */
import { ActivityTypes, TurnContext, type StatePropertyAccessor } from 'botbuilder';
import { ComponentDialog, createDialogContext, Dialog, DialogSet, DialogTurnStatus, WaterfallDialog, type DialogContext, type DialogState, type DialogStateManagerConfiguration, type DialogTurnResult, type WaterfallStepContext } from './dialogLibrary';
import type { Config } from '../config';
import type { Logger } from '../logging';
import { say } from '../services/content/messages';
import type { HandoffQueue } from '../services/handoff/HandoffQueue';
import type { BotHandoffs } from '../services/handoff/HandoffService';
import { parseOpeningHours } from '../services/handoff/openingHours';
import type { Recognizer } from '../services/nlu/Recognizer';
import type { PersonIds } from '../services/privacy/personId';
import { chatStateKeys, PrivacyService, type PrivacyStores } from '../services/privacy/PrivacyService';
import type { ReferralRepository } from '../services/referrals/ReferralRepository';
import type { PracticeList } from '../services/dataset/practices';
import type { SafetyAssessor, SafetyVerdict } from '../services/safety/SafetyAssessor';
import type { CheckInScheduler } from '../services/safety/SafetyCheckIns';
import { nationOfPostcode } from '../services/geography/nation';
import { AfterHandoffDialog, AFTER_HANDOFF_DIALOG } from './AfterHandoffDialog';
import { AnonymousDialog, ANONYMOUS_DIALOG, type AnonymousOptions } from './AnonymousDialog';
import type { ConversationData, PendingQuestion, Session } from './conversationData';
import { DIALOG_IDS, type HandoffOptions } from './dialogIds';
import { FollowUpDialog, FOLLOW_UP_DIALOG } from './FollowUpDialog';
import { HandoffDialog, handoffSummary } from './HandoffDialog';
import { PROACTIVE_EVENTS, type HandoffClosedValue, type ProactiveEvent } from '../services/outcomes/proactiveTurns';
import { proactiveEventOf } from './proactiveEvents';
import { repromptActive } from './repromptActive';
import { waitingQuestion } from './prompts/AnswerPrompt';
import { detectCommand, exactCommand, type DetectedCommand, type GuessPolicy } from './prompts/commands';
import { guessesFor, question, QUESTIONS, understand, type SafetyAnswer } from './prompts/questions';
import { questionActivity } from './prompts/render';
import { hasNoWords } from './prompts/text';
import { ReferralDialog, REFERRAL_DIALOG, type ReferralResult } from './ReferralDialog';
import { answerSafety } from './safetyMessages';
import { speak } from './speak';
import { assessTurn, markErased, recogniseTurn, replayAsTurnText, turnText } from './turn';
import { reuseDialogsComponentRegistration } from './componentRegistrationOnce';
import { hearsNoEvents, skipUnheardActivityReceived } from './activityReceivedOnce';
import { WelcomeDialog, WELCOME_DIALOG, type WelcomeOptions } from './WelcomeDialog';

export const MAIN_DIALOG = DIALOG_IDS.main;
const ROUTE = 'main.route';
/** After this long without a message, a returning person is asked whether to carry on or start again. */
export const RESUME_AFTER_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_TRIES = 2;

/** The answer taken when a question the root asked was not understood twice (see answerPending). */
const notUnderstood = (question: PendingQuestion['question']): boolean | 'carryOn' | 'unanswered' =>
  question === 'crisisOffer' ? true : question === 'resume' ? 'carryOn' : isSafetyQuestion(question) ? 'unanswered' : false;

const isSafetyQuestion = (question: PendingQuestion['question'] | undefined): question is 'safetyAsk' | 'safetyAskHarm' => question === 'safetyAsk' || question === 'safetyAskHarm';

/** After crisis words the conversation stays heightened: risk is read more widely, and never as a command. */
export const isHeightened = (session: Session): boolean => session.urgent === true && (session.crisisCategories?.length ?? 0) > 0;

/** How much of the person's words a link worker is shown in the queue. */
const RISK_WORDS_MAX = 500;

/** The stores the conversation uses: the app's Stores provides them all. */
export type MainStores = PrivacyStores & { referrals: ReferralRepository; handoffs: HandoffQueue; practices?: PracticeList };

export interface MainDialogDependencies {
  recognizer: Recognizer;
  safety: SafetyAssessor;
  stores: MainStores;
  /** Every change to the conversation's handoff (HandoffService). */
  handoffs: BotHandoffs;
  config: Pick<Config, 'storage' | 'referrals' | 'handoff'>;
  data: ConversationData;
  personIds: PersonIds;
  /** Shows matching services (SignpostDialog, id DIALOG_IDS.signpost). Without it people are told plainly. */
  signpost?: Dialog;
  /** Now, for the 7-day rule, ages and consent times (tests move it). */
  clock?: () => Date;
  /** A person checks in when a direct question about safety goes unanswered. */
  checkIns?: CheckInScheduler;
  logger?: Logger;
}

const waiting: DialogTurnResult = Dialog.EndOfTurn;

/** What every interrupt sees of a message turn. */
interface InterruptTurn {
  inner: DialogContext;
  context: TurnContext;
  session: Session;
  now: Date;
  /** Milliseconds since the person's last message (0 for the first). */
  idle: number;
  /** The conversation begins with this message (nothing was running). */
  beginning: boolean;
  text: string;
}

/** An interrupt's answer: see MainDialog.interrupts. */
const TO_DIALOG = Symbol('to the running dialog');
type Interrupted = DialogTurnResult | typeof TO_DIALOG | undefined;
type Interrupt = (turn: InterruptTurn) => Promise<Interrupted>;
/** Commands the welcome answers itself when they begin a conversation. */
const WELCOME_ANSWERS: ReadonlySet<DetectedCommand['id']> = new Set(['talkToPerson', 'cancel', 'startOver']);

/**
 * botbuilder-dialogs keeps the dialog state manager's configuration (its memory scopes and path resolvers, which hold
 * no per-turn data) in turn state under this key, and builds it afresh on every turn when it is missing: about a
 * tenth of a millisecond a turn, so it is built once and handed to each turn.
 */
const STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

export class MainDialog extends ComponentDialog {
  private readonly clock: () => Date;
  private stateManagerConfiguration: DialogStateManagerConfiguration | undefined;
  /** No dialog in the tree hears events: the turn's activityReceived need not be sent (activityReceivedOnce.ts). */
  private hearsNoEvents: boolean | undefined;
  private readonly privacy: PrivacyService;

  constructor(private readonly deps: MainDialogDependencies) {
    super(MAIN_DIALOG);
    reuseDialogsComponentRegistration();
    this.clock = deps.clock ?? (() => new Date());
    this.privacy = new PrivacyService(deps.stores);
    const { data, recognizer, clock, logger } = deps;
    if (deps.signpost && deps.signpost.id !== DIALOG_IDS.signpost) throw new Error(`The signposting dialog must have the id ${DIALOG_IDS.signpost}`);
    this.addDialog(new WelcomeDialog(recognizer, clock));
    this.addDialog(new ReferralDialog({
      data,
      recognizer,
      clock,
      logger,
      referrals: deps.stores.referrals,
      practices: deps.stores.practices,
      personIds: deps.personIds,
      retentionDays: deps.config.storage.retentionDays,
      contactWithinWorkingDays: deps.config.referrals.contactWithinWorkingDays,
      signpost: deps.signpost,
    }));
    this.addDialog(new AnonymousDialog(data, recognizer, clock, deps.signpost));
    this.addDialog(new HandoffDialog({ handoffs: deps.handoffs, data, personIds: deps.personIds, openingHours: parseOpeningHours(deps.config.handoff.openingHours), clock, logger }));
    this.addDialog(new AfterHandoffDialog({ handoffs: deps.stores.handoffs, referrals: deps.stores.referrals, followUpDays: deps.config.handoff.followUpDays, clock, logger }));
    this.addDialog(new FollowUpDialog({ referrals: deps.stores.referrals, clock, logger }));
    this.addDialog(new WaterfallDialog(ROUTE, [this.welcome.bind(this), this.route.bind(this), this.afterRoute.bind(this), this.finish.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /**
   * Continues the active dialog, or begins this one. A conversation saved by an older version that names a dialog
   * this one no longer has starts again at the welcome rather than failing on every turn.
   */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    if (this.stateManagerConfiguration) context.turnState.set(STATE_MANAGER_CONFIGURATION, this.stateManagerConfiguration);
    const dc = await createDialogContext(dialogSet, context, accessor);
    this.stateManagerConfiguration ??= dc.state.configuration;
    this.hearsNoEvents ??= hearsNoEvents(this);
    await skipUnheardActivityReceived(context, this.hearsNoEvents);
    let result: DialogTurnResult;
    try {
      result = await dc.continueDialog();
    } catch (error) {
      if (!/Can't (continue dialog|resume previous dialog)\. A dialog with an id of .* wasn't found/.test((error as Error).message)) throw error;
      this.deps.logger?.warn({ err: error, dialog: MAIN_DIALOG, channel: context.activity.channelId }, 'saved conversation names an unknown dialog: starting again');
      await dc.cancelAllDialogs();
      await dc.beginDialog(this.id, { brief: true } satisfies WelcomeOptions);
      return;
    }
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  protected override async onBeginDialog(inner: DialogContext, options?: WelcomeOptions): Promise<DialogTurnResult> {
    return (await this.beforeRouting(inner, true)) ?? inner.beginDialog(ROUTE, options);
  }

  protected override async onContinueDialog(inner: DialogContext): Promise<DialogTurnResult> {
    const handled = await this.beforeRouting(inner, false);
    if (handled) return handled;
    if (!inner.activeDialog) return inner.beginDialog(ROUTE, { brief: true } satisfies WelcomeOptions);
    return inner.continueDialog();
  }

  // ---- the route: welcome, then one of three ways on ----

  private async welcome(step: WaterfallStepContext<WelcomeOptions>): Promise<DialogTurnResult> {
    return step.beginDialog(WELCOME_DIALOG, step.options);
  }

  private async route(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const session = await this.deps.data.getSession(step.context);
    switch (step.result) {
      case 'anonymous':
        return step.beginDialog(ANONYMOUS_DIALOG, { intro: true } satisfies AnonymousOptions);
      case 'person':
        return step.beginDialog(DIALOG_IDS.handoff, { reason: 'asked', urgent: session.urgent === true, referralReference: session.referralReference } satisfies HandoffOptions);
      default:
        return step.beginDialog(REFERRAL_DIALOG);
    }
  }

  private async afterRoute(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.result as ReferralResult | undefined)?.declined) return step.beginDialog(ANONYMOUS_DIALOG, { intro: false } satisfies AnonymousOptions);
    return step.endDialog();
  }

  private async finish(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog();
  }

  // ---- before the running dialog hears the reply ----

  /**
   * The interrupts, in the order they apply: each looks at the reply in turn and either answers the turn itself (its
   * result), gives the reply to the running dialog at once (TO_DIALOG: no later interrupt looks), or lets the next one
   * look (undefined). Safety is first, and its answer is said once a turn by answerSafety (src/dialogs/safetyMessages),
   * whether the bot said it before routing or this is the first to.
   */
  private readonly interrupts: readonly Interrupt[] = [
    (turn) => this.safetyFirst(turn),
    (turn) => this.noWords(turn),
    (turn) => this.resumeAfterAWhile(turn),
    (turn) => this.pendingQuestion(turn),
    (turn) => this.answerToWaitingQuestion(turn),
    (turn) => this.commands(turn),
  ];

  /** Handles the turn here and returns its result, or returns undefined to let the running dialog have it. */
  private async beforeRouting(inner: DialogContext, beginning: boolean): Promise<DialogTurnResult | undefined> {
    const context = inner.context;
    const proactive = proactiveEventOf(context);
    if (proactive) return this.proactive(inner, proactive);
    if (context.activity.type !== ActivityTypes.Message) return beginning ? undefined : waiting;
    const session = await this.deps.data.getSession(context);
    const now = this.clock();
    const idle = session.lastActiveAt ? now.getTime() - Date.parse(session.lastActiveAt) : 0;
    session.lastActiveAt = now.toISOString();
    const turn: InterruptTurn = { inner, context, session, now, idle, beginning, text: turnText(context).trim() };
    for (const interrupt of this.interrupts) {
      const result = await interrupt(turn);
      if (result === TO_DIALOG) return undefined;
      if (result) return result;
    }
    return undefined;
  }

  /** Crisis words stop the script; a sign of risk is asked about directly; a check gives the numbers and carries on. */
  private async safetyFirst({ inner, context, session, text }: InterruptTurn): Promise<Interrupted> {
    const verdict = await assessTurn(context, this.deps.safety, { heightened: isHeightened(session) });
    const answeredNo = session.safetyAnsweredNo;
    session.safetyAnsweredNo = undefined;
    if (verdict.level === 'crisis') {
      if (!namesHelpAlreadyGiven(inner, session, verdict)) return this.crisis(inner, session, verdict);
      // The help again (never left out), and the words go on to the needs question as its answer.
      await answerSafety(context, verdict, nationOfPostcode((await this.deps.data.getDraft(context)).postcode));
      return TO_DIALOG;
    }
    if (verdict.level === 'ask' && !isSafetyQuestion(session.pending?.question) && text.slice(0, RISK_WORDS_MAX) !== answeredNo) return this.askAboutSafety(inner, session, verdict);
    await answerSafety(context, verdict);
    return undefined;
  }

  /** A picture, an empty message or only emoji: a friendly word and the question again. */
  private async noWords({ inner, context, session, beginning, text }: InterruptTurn): Promise<Interrupted> {
    if (!hasNoWords(text)) return undefined;
    const attachment = Boolean(context.activity.attachments?.length);
    if (beginning) {
      if (attachment) await context.sendActivity(say('input.attachment'));
      return TO_DIALOG;
    }
    await context.sendActivity(say(attachment ? 'input.attachment' : 'input.empty'));
    return this.askAgain(inner, session);
  }

  /** Back after RESUME_AFTER_MS in the middle of something: carry on or start again? */
  private async resumeAfterAWhile({ inner, session, beginning, idle }: InterruptTurn): Promise<Interrupted> {
    if (!beginning && idle >= RESUME_AFTER_MS && (inner.activeDialog || session.pending)) return this.ask(inner, session, 'resume');
    return undefined;
  }

  /** The answer to a question the root asked over whatever is running, unless a command's exact words set it aside. */
  private async pendingQuestion({ inner, session, text, now }: InterruptTurn): Promise<Interrupted> {
    if (!session.pending) return undefined;
    if (exactCommand(text) && !QUESTIONS[session.pending.question].parse({ text, now }).ok) {
      session.pending = undefined;
      return undefined;
    }
    return this.answerPending(inner, session, session.pending, text);
  }

  /** A reply the waiting question takes as its answer is the dialog's, not a command. */
  private async answerToWaitingQuestion({ inner, context, text, now }: InterruptTurn): Promise<Interrupted> {
    const waitingOn = waitingQuestion(inner);
    return waitingOn && (await this.readsAsAnswer(context, waitingOn, text, now)) ? TO_DIALOG : undefined;
  }

  /** The things people can say at any time: help, start over, cancel or stop, talk to a person, delete my data. */
  private async commands({ inner, context, session, beginning, text }: InterruptTurn): Promise<Interrupted> {
    const waitingOn = waitingQuestion(inner);
    // Only now is the recognizer needed (a plain answer to a question never reaches it).
    const recognition = await recogniseTurn(context, this.deps.recognizer);
    // Guesses are not trusted against the stuck choices, nor where the question says so (the services list), nor
    // against another dialog's own prompt; a free text answer may only be guessed as asking for help, a person or to
    // stop (never to delete or start over).
    // After crisis words nothing is guessed to be a command: "I've taken the tablets now" is never "stop".
    const guesses: GuessPolicy = isHeightened(session) ? 'none' : waitingOn ? (waitingOn.stuck ? 'none' : guessesFor(waitingOn.id)) : this.waitsOnForeignPrompt(inner) ? 'none' : 'any';
    const command = detectCommand(text, recognition, guesses);
    // A first message that asks for a person (or to stop, or start over) is the welcome's to answer: the person
    // still hears what Signpost is and that it is not for emergencies.
    if (!command || (beginning && WELCOME_ANSWERS.has(command.id))) return TO_DIALOG;
    return (await this.command(inner, session, command)) ?? TO_DIALOG;
  }

  /** True when a dialog is waiting that is not one of our prompts. */
  private waitsOnForeignPrompt(inner: DialogContext): boolean {
    let dc: DialogContext = inner;
    while (dc.child) dc = dc.child;
    return dc.activeDialog !== undefined;
  }

  /** A reply the waiting question would take as its answer is an answer, not a command. */
  private async readsAsAnswer(context: TurnContext, waitingOn: { id: keyof typeof QUESTIONS; stuck: boolean }, text: string, now: Date): Promise<boolean> {
    if (waitingOn.stuck) return QUESTIONS[question(waitingOn.id).optional ? 'stuck' : 'stuckRequired'].parse({ text, now }).ok;
    const q = question(waitingOn.id);
    if (!q.structured) return false;
    const recognition = q.understands ? await recogniseTurn(context, this.deps.recognizer) : undefined;
    return understand(waitingOn.id, { text, now, recognition }).kind !== 'retry';
  }

  // ---- turns Signpost starts itself ----

  /** After a chat with a link worker, or when a follow-up is due: whatever was running gives way. */
  private async proactive(inner: DialogContext, event: ProactiveEvent): Promise<DialogTurnResult> {
    const session = await this.deps.data.getSession(inner.context);
    if (event.name === PROACTIVE_EVENTS.safetyCheckIn) return this.safetyCheckIn(inner, session);
    // What Signpost asks now is activity: the reply is its answer, never a return after a week away (the 7-day rule).
    session.lastActiveAt = this.clock().toISOString();
    session.pending = undefined;
    await inner.cancelAllDialogs();
    if (event.name === PROACTIVE_EVENTS.handoffClosed) return inner.beginDialog(AFTER_HANDOFF_DIALOG, event.value);
    if (event.name === PROACTIVE_EVENTS.referralClosed) {
      const { text, offerFollowUp, referralReference } = event.value;
      await inner.context.sendActivity(text);
      if (!offerFollowUp) return { status: DialogTurnStatus.complete };
      return inner.beginDialog(AFTER_HANDOFF_DIALOG, { askSatisfaction: false, followUpReferral: referralReference } satisfies HandoffClosedValue);
    }
    return inner.beginDialog(FOLLOW_UP_DIALOG, event.value);
  }

  // ---- safety ----

  private async crisis(inner: DialogContext, session: Session, verdict: SafetyVerdict, words = turnText(inner.context)): Promise<DialogTurnResult> {
    const context = inner.context;
    await answerSafety(context, verdict, nationOfPostcode((await this.deps.data.getDraft(context)).postcode));
    this.settleSafetyQuestion(context, session);
    session.urgent = true;
    session.crisisCategories = [...new Set([...(session.crisisCategories ?? []), ...verdict.categories])];
    session.riskWords = words.trim().slice(0, RISK_WORDS_MAX);
    if (session.referralReference) {
      try {
        await this.deps.stores.referrals.update(session.referralReference, { urgent: true });
      } catch (error) {
        this.deps.logger?.error({ err: error, dialog: MAIN_DIALOG, channel: context.activity.channelId }, 'could not mark the referral urgent');
      }
    }
    this.deps.logger?.warn({ event: 'safety-crisis', channel: context.activity.channelId }, 'crisis words: script stopped, person offered');
    return this.ask(inner, session, 'crisisOffer');
  }

  /** A sign of risk that is not certain: ask directly and kindly, and have a person check in if no answer comes. */
  private async askAboutSafety(inner: DialogContext, session: Session, verdict: SafetyVerdict): Promise<DialogTurnResult> {
    const context = inner.context;
    const self = verdict.categories.some((kind) => kind === 'suicide' || kind === 'self-harm' || kind === 'overdose');
    session.safetyQuestion = { kinds: verdict.categories, words: turnText(context).trim().slice(0, RISK_WORDS_MAX), at: this.clock().toISOString() };
    this.deps.checkIns?.schedule(TurnContext.getConversationReference(context.activity));
    this.deps.logger?.warn({ event: 'safety-ask', channel: context.activity.channelId }, 'a sign of risk: asked directly');
    return this.ask(inner, session, self || verdict.categories.length === 0 ? 'safetyAsk' : 'safetyAskHarm');
  }

  /** The answer to the direct question: yes is a crisis; no carries on with the numbers; not saying gets the help and a person offered. */
  private async answerSafetyQuestion(inner: DialogContext, session: Session, answer: SafetyAnswer | 'unanswered'): Promise<DialogTurnResult> {
    const context = inner.context;
    const asked = session.safetyQuestion;
    this.settleSafetyQuestion(context, session);
    const kinds = asked?.kinds.length ? asked.kinds : (['suicide'] as SafetyVerdict['categories']);
    const words = asked?.words ?? '';
    switch (answer) {
      case 'yes':
        return this.crisis(inner, session, { level: 'crisis', categories: kinds, sources: ['rules'] }, words);
      case 'no':
        await context.sendActivity(say('safety.ask.thanks'));
        // Words that answered "what would you like help with?" (or what matters) are that answer: not asked for again.
        if (!session.pending && words.length < RISK_WORDS_MAX && REPLAYED_QUESTIONS.has(waitingQuestion(inner)?.id ?? '')) {
          replayAsTurnText(context, words);
          return inner.continueDialog();
        }
        session.safetyAnsweredNo = words;
        return this.askAgain(inner, session);
      case 'unsaid':
        await context.sendActivity(say('safety.ask.unsaidThanks'));
        return this.crisis(inner, session, { level: 'crisis', categories: kinds, sources: ['rules'] }, words);
      case 'unanswered':
        session.urgent = true;
        session.crisisCategories = [...new Set([...(session.crisisCategories ?? []), ...kinds])];
        session.riskWords = words;
        return this.handOff(inner, session, 'crisis');
    }
  }

  /** The direct question has its answer (or was overtaken by a crisis): no check-in is needed. */
  private settleSafetyQuestion(context: TurnContext, session: Session): void {
    if (!session.safetyQuestion) return;
    session.safetyQuestion = undefined;
    this.deps.checkIns?.cancel(context.activity.conversation.id);
  }

  /** No answer came to the direct question: a person checks in (an urgent handoff), and the person is told. */
  private async safetyCheckIn(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    if (!session.safetyQuestion || !isSafetyQuestion(session.pending?.question)) return waiting;
    session.pending = undefined;
    await inner.context.sendActivity(say('safety.ask.noReply'));
    return this.answerSafetyQuestion(inner, session, 'unanswered');
  }

  // ---- questions the root asks over whatever is running ----

  private async ask(inner: DialogContext, session: Session, id: PendingQuestion['question']): Promise<DialogTurnResult> {
    session.pending = { question: id, tries: 0 };
    await inner.context.sendActivity(questionActivity(id));
    return waiting;
  }

  private async answerPending(inner: DialogContext, session: Session, pending: PendingQuestion, text: string): Promise<DialogTurnResult> {
    const reply = QUESTIONS[pending.question].parse({ text, now: this.clock() });
    if (!reply.ok) {
      pending.tries += 1;
      if (pending.tries < MAX_TRIES) {
        await inner.context.sendActivity(questionActivity(pending.question, { instead: reply.error }));
        return waiting;
      }
    }
    session.pending = undefined;
    // Two replies not understood: rather than ask a third time, take the safe way. After crisis words that is a
    // person (an urgent handoff: someone checks in; the crisis numbers are already given); otherwise carry on and
    // change nothing.
    const value = reply.ok ? reply.value : notUnderstood(pending.question);
    switch (pending.question) {
      case 'safetyAsk':
      case 'safetyAskHarm':
        return this.answerSafetyQuestion(inner, session, value as SafetyAnswer | 'unanswered');
      case 'crisisOffer':
        if (value === true) return this.handOff(inner, session, 'crisis');
        await inner.context.sendActivity(say('crisis.carryOn'));
        return this.askAgain(inner, session);
      case 'resume':
        return value === 'startAgain' ? this.startOver(inner, session) : this.askAgain(inner, session);
      case 'confirmCancel':
        return value === true ? this.cancel(inner, session) : this.carryOn(inner, session);
      case 'confirmStartOver':
        return value === true ? this.startOver(inner, session) : this.carryOn(inner, session);
      case 'confirmPerson':
        return value === true ? this.handOff(inner, session, 'asked') : this.carryOn(inner, session);
      case 'confirmDelete':
        if (value === true) return this.erase(inner, session);
        await inner.context.sendActivity(say('privacy.kept'));
        return this.askAgain(inner, session);
    }
  }

  /** The question that was waiting, again; or, with nothing running, the welcome's question. */
  private async askAgain(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    if (session.pending) {
      await inner.context.sendActivity(questionActivity(session.pending.question));
      return waiting;
    }
    if (inner.activeDialog) {
      await repromptActive(inner);
      return waiting;
    }
    return inner.beginDialog(ROUTE, { brief: true } satisfies WelcomeOptions);
  }

  private async carryOn(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    await inner.context.sendActivity(say('command.carryOn'));
    return this.askAgain(inner, session);
  }

  // ---- commands ----

  private async command(inner: DialogContext, session: Session, command: DetectedCommand): Promise<DialogTurnResult | undefined> {
    switch (command.id) {
      case 'help':
        await speak(inner.context, 'help.text');
        return inner.activeDialog ? this.askAgain(inner, session) : undefined;
      case 'cancel':
        if (isHeightened(session)) return this.stopAfterCrisis(inner, session);
        return command.exact ? this.cancel(inner, session) : this.ask(inner, session, 'confirmCancel');
      case 'startOver':
        return command.exact ? this.startOver(inner, session) : this.ask(inner, session, 'confirmStartOver');
      case 'talkToPerson':
        return command.exact ? this.handOff(inner, session, 'asked') : this.ask(inner, session, 'confirmPerson');
      case 'deleteMyData':
        return this.ask(inner, session, 'confirmDelete');
    }
  }

  private async cancel(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    await inner.cancelAllDialogs();
    await this.deps.data.resetDraft(inner.context);
    const reference = session.referralReference;
    this.forgetReferralInProgress(session);
    await inner.context.sendActivity(reference ? say('command.stopped.saved', { reference }) : say('command.stopped'));
    return { status: DialogTurnStatus.complete };
  }

  /**
   * "Stop" after crisis words: the chat ends politely, but an urgent handoff stays (or is queued) so someone checks
   * the person is safe (vital interests), and they are told so.
   */
  private async stopAfterCrisis(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    const context = inner.context;
    await inner.cancelAllDialogs();
    session.pending = undefined;
    await this.keepUrgentHandoff(context, session);
    await context.sendActivity(say('safety.stopAfterCrisis'));
    return { status: DialogTurnStatus.complete };
  }

  /** The conversation's urgent handoff, queued if there is none open (quietly: the person is told by the caller). */
  private async keepUrgentHandoff(context: TurnContext, session: Session): Promise<void> {
    const { channelId, conversation, from } = context.activity;
    try {
      const open = await this.deps.handoffs.openHandoffFor(conversation.id);
      if (open) {
        if (open.priority !== 'urgent') await this.deps.handoffs.escalate(open.id, session.crisisCategories);
        return;
      }
      await this.deps.handoffs.enqueue({
        personId: this.deps.personIds(channelId, from.id),
        channel: channelId,
        conversationId: conversation.id,
        conversationReference: TurnContext.getConversationReference(context.activity),
        priority: 'urgent',
        summary: handoffSummary({ reason: 'crisis', urgent: true }, session, true, []),
      });
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: MAIN_DIALOG, channel: channelId }, 'could not keep an urgent handoff after crisis words');
    }
  }

  private async startOver(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    await inner.cancelAllDialogs();
    await this.deps.data.resetDraft(inner.context);
    this.forgetReferralInProgress(session);
    session.referralReference = undefined;
    await inner.context.sendActivity(say('command.startOver'));
    return inner.beginDialog(ROUTE, { brief: true } satisfies WelcomeOptions);
  }

  /** Consent and mode belong to one referral; urgency stays with the conversation. */
  private forgetReferralInProgress(session: Session): void {
    session.mode = undefined;
    session.consentAt = undefined;
    session.pending = undefined;
  }

  private async handOff(inner: DialogContext, session: Session, reason: 'asked' | 'crisis'): Promise<DialogTurnResult> {
    const options: HandoffOptions = {
      reason,
      urgent: reason === 'crisis' || session.urgent === true,
      referralReference: session.referralReference,
      thenCarryOn: inner.activeDialog !== undefined,
    };
    return inner.beginDialog(DIALOG_IDS.handoff, options);
  }

  private async erase(inner: DialogContext, session: Session): Promise<DialogTurnResult> {
    const context = inner.context;
    const { channelId, conversation, from } = context.activity;
    const personId = this.deps.personIds(channelId, from.id);
    try {
      const erased = await this.privacy.erase(personId, chatStateKeys(channelId, conversation.id, from.id), { conversationId: conversation.id });
      this.deps.logger?.info({ event: 'erasure', person: personId, referrals: erased.referrals, handoffs: erased.handoffs, states: erased.conversationStates + erased.chatStates }, 'erased a person on request');
    } catch (error) {
      this.deps.logger?.error({ err: error, dialog: MAIN_DIALOG, channel: channelId }, 'could not erase a person');
      await context.sendActivity(say('privacy.failed'));
      return this.askAgain(inner, session);
    }
    await inner.cancelAllDialogs();
    await context.sendActivity(say('privacy.deleted'));
    if (isHeightened(session)) {
      // Vital interests: after crisis words, only what a link worker needs to reach the person and check they are
      // safe is kept: an urgent handoff with the kind of risk and their words, in this conversation.
      await this.keepUrgentHandoff(context, { urgent: true, crisisCategories: session.crisisCategories, riskWords: session.riskWords });
      await context.sendActivity(say('safety.keptAfterCrisis'));
    }
    markErased(context, { keepChannel: isHeightened(session) });
    await this.deps.data.state.delete(context);
    return { status: DialogTurnStatus.complete };
  }
}

/** The kinds of risk to the person themselves: always the whole crisis path, however often. */
const HARM_TO_SELF: ReadonlySet<string> = new Set(['suicide', 'self-harm', 'overdose', 'medical-emergency']);
/** The questions that ask what the person would like help with. */
const NEEDS_QUESTIONS: ReadonlySet<string> = new Set(['needs', 'needsAnonymous']);
/** Questions whose answer is the person's own words about their life: words of risk there are still that answer. */
const REPLAYED_QUESTIONS: ReadonlySet<string> = new Set([...NEEDS_QUESTIONS, 'whatMatters']);

/**
 * Someone who was given the help for harm by others (domestic abuse, a child or an older person at risk), chose to
 * carry on, and at the question "what would you like help with?" names that harm: they are asking for help with it.
 * The crisis path again would give the same help and the same question, round and round, and they could never ask.
 */
function namesHelpAlreadyGiven(inner: DialogContext, session: Session, verdict: SafetyVerdict): boolean {
  const answered = session.crisisCategories ?? [];
  const waiting = waitingQuestion(inner);
  return waiting !== undefined && NEEDS_QUESTIONS.has(waiting.id) && verdict.categories.length > 0 && verdict.categories.every((kind) => !HARM_TO_SELF.has(kind) && answered.includes(kind));
}
