/**
 * Asks one question (by id, see questions.ts) and waits for an answer. A reply that is not an answer gets a re-prompt
 * that says what was wrong. After two failed tries it stops asking and offers numbered choices: try again, skip (when
 * the question is optional) or talk to a person; if even those are not understood twice, it asks a person to pick up
 * the chat. It never loops. A question that gives up (giveUpAfter, e.g. the services menu) ends instead, and the
 * dialog that asked carries on from there.
 *
 * Ends with an AnswerResult: an answer, a skip, "back" (when the caller allows going back), or "gaveUp" (only for a
 * question that gives up).
 */
import { ActivityTypes, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogInstance, type DialogTurnResult } from '../dialogLibrary';
import type { MessageId } from '../../services/content/messages';
import type { Geography } from '../../services/geography/Geography';
import { DIALOG_IDS, type HandoffOptions } from '../dialogIds';
import type { Recognizer } from '../../services/nlu/Recognizer';
import { recogniseTurn, turnRecognition } from '../turn';
import { isBack } from './answers';
import { isQuestionId, question, QUESTIONS, understand, type QuestionId } from './questions';
import { questionActivity, type RenderOptions } from './render';
import { hasNoWords } from './text';

export const ANSWER_PROMPT = 'answerPrompt';
const MAX_TRIES = 2;

export interface AnswerPromptOptions {
  question: QuestionId;
  values?: Record<string, string | number>;
  /** "back" ends the prompt with { kind: 'back' }; otherwise the person is told they cannot go back from here. */
  allowBack?: boolean;
  /** What to say to "back" when it is not allowed (default: answer.back.none). */
  backHint?: MessageId;
  /** Offer only these of the question's choices (by value) this time; the question's parser hears which. */
  offer?: readonly string[];
}

export type AnswerResult<T = unknown> = { kind: 'answer'; value: T } | { kind: 'skip' } | { kind: 'back' } | { kind: 'gaveUp' };

interface PromptState {
  options: AnswerPromptOptions;
  tries: number;
  /** Set once two tries failed: the numbered "what now?" choices are showing. */
  stuck?: { tries: number };
}

export interface AnswerPromptDependencies {
  clock?: () => Date;
  /** For questions that read what the recognizer understood (the welcome's "I'd like to talk to someone"). */
  recognizer?: Recognizer;
  /** For questions that take a place (a postcode typed at the services menu). */
  geography?: Pick<Geography, 'locate'>;
}

export class AnswerPrompt extends Dialog<AnswerPromptOptions> {
  private readonly clock: () => Date;

  constructor(private readonly deps: AnswerPromptDependencies = {}, id = ANSWER_PROMPT) {
    super(id);
    this.clock = deps.clock ?? (() => new Date());
  }

  override async beginDialog(dc: DialogContext, options?: AnswerPromptOptions): Promise<DialogTurnResult> {
    if (!options) throw new Error('AnswerPrompt needs options naming a question');
    const state: PromptState = { options, tries: 0 };
    dc.activeDialog!.state = state;
    await this.ask(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptState;
    if (dc.context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const text = (dc.context.activity.text ?? '').trim();
    if (hasNoWords(text)) {
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    // A conversation saved by an older version may wait on a question that no longer exists: move on.
    if (!isQuestionId(state.options.question)) return dc.endDialog({ kind: 'skip' } satisfies AnswerResult);
    if (state.stuck) return this.continueStuck(dc, state, text);

    const q = question(state.options.question);
    if (isBack(text)) {
      if (state.options.allowBack) return dc.endDialog({ kind: 'back' } satisfies AnswerResult);
      await dc.context.sendActivity(this.render(state, { instead: state.options.backHint ?? 'answer.back.none' }));
      return Dialog.EndOfTurn;
    }
    if (q.maxLength !== undefined && text.length > q.maxLength) return this.fail(dc, state, { error: 'answer.tooLong', values: { max: q.maxLength } });
    const recognition = q.understands && this.deps.recognizer ? await recogniseTurn(dc.context, this.deps.recognizer) : turnRecognition(dc.context);
    const understood = understand(state.options.question, { text, now: this.clock(), recognition, offered: state.options.offer, geography: this.deps.geography });
    if (understood.kind === 'answer') return dc.endDialog({ kind: 'answer', value: understood.value } satisfies AnswerResult);
    if (understood.kind === 'skip') return dc.endDialog({ kind: 'skip' } satisfies AnswerResult);
    if (!understood.countsAsTry) {
      await dc.context.sendActivity(this.render(state, { instead: understood.error === q.text ? undefined : understood.error, insteadValues: understood.values }));
      return Dialog.EndOfTurn;
    }
    return this.fail(dc, state, { error: understood.error, values: understood.values });
  }

  /** After a person was asked for (from the stuck choices): ask the question again. */
  override async resumeDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as PromptState;
    state.tries = 0;
    state.stuck = undefined;
    await this.ask(dc.context, state);
    return Dialog.EndOfTurn;
  }

  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    await this.ask(context, instance.state as PromptState);
  }

  /** Nothing to do when the question ends (the library's own no-op, as a native async function: nativeAsync.ts). */
  override async endDialog(): Promise<void> {}

  private async ask(context: TurnContext, state: PromptState): Promise<void> {
    if (!isQuestionId(state.options.question)) return;
    if (state.stuck) await context.sendActivity(questionActivity(this.stuckQuestion(state)));
    else await context.sendActivity(this.render(state));
  }

  /** The question as asked at this prompt (its values and the choices offered), or a re-prompt of it. */
  private render(state: PromptState, retry: Pick<RenderOptions, 'instead' | 'insteadValues'> = {}): ReturnType<typeof questionActivity> {
    return questionActivity(state.options.question, { values: state.options.values, offer: state.options.offer, ...retry });
  }

  private async fail(dc: DialogContext, state: PromptState, problem: { error: MessageId; values?: Record<string, string | number> }): Promise<DialogTurnResult> {
    state.tries += 1;
    const giveUpAfter = question(state.options.question).giveUpAfter;
    if (giveUpAfter !== undefined && state.tries >= giveUpAfter) return dc.endDialog({ kind: 'gaveUp' } satisfies AnswerResult);
    if (state.tries >= MAX_TRIES) {
      state.stuck = { tries: 0 };
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    await dc.context.sendActivity(this.render(state, { instead: problem.error, insteadValues: problem.values }));
    return Dialog.EndOfTurn;
  }

  private stuckQuestion(state: PromptState): 'stuck' | 'stuckRequired' {
    return question(state.options.question).optional ? 'stuck' : 'stuckRequired';
  }

  private async continueStuck(dc: DialogContext, state: PromptState, text: string): Promise<DialogTurnResult> {
    const id = this.stuckQuestion(state);
    const reply = QUESTIONS[id].parse({ text, now: this.clock() });
    if (reply.ok && reply.value === 'retry') {
      state.stuck = undefined;
      state.tries = 0;
      await this.ask(dc.context, state);
      return Dialog.EndOfTurn;
    }
    if (reply.ok && reply.value === 'skip') return dc.endDialog({ kind: 'skip' } satisfies AnswerResult);
    if (reply.ok && reply.value === 'person') return this.askForPerson(dc);
    state.stuck!.tries += 1;
    if (state.stuck!.tries >= MAX_TRIES) return this.askForPerson(dc);
    await dc.context.sendActivity(questionActivity(id, { instead: 'answer.notUnderstood' }));
    return Dialog.EndOfTurn;
  }

  /** A person picks up the chat; when the handoff dialog ends, resumeDialog asks the question again. */
  private askForPerson(dc: DialogContext): Promise<DialogTurnResult> {
    const options: HandoffOptions = { reason: 'misunderstood', urgent: false, thenCarryOn: true };
    return dc.beginDialog(DIALOG_IDS.handoff, options);
  }
}

/** The question showing at the innermost active prompt, if the conversation is waiting on one. */
export function waitingQuestion(dc: DialogContext): { id: QuestionId; stuck: boolean } | undefined {
  // Each read of .child builds a new context: read it once per level.
  let inner: DialogContext = dc;
  for (let child = inner.child; child; child = child.child) inner = child;
  const active = inner.activeDialog;
  if (!active || active.id !== ANSWER_PROMPT) return undefined;
  const state = active.state as PromptState | undefined;
  return state?.options && isQuestionId(state.options.question) ? { id: state.options.question, stuck: Boolean(state.stuck) } : undefined;
}
