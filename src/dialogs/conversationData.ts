/**
 * What a conversation remembers between turns besides the dialog stack, in conversation state (JSON only: dates are
 * ISO strings). Kept small: the answers of a referral not yet sent and a few facts about the session. The recent turns a
 * link worker will need if the chat is handed over are kept beside it, appended a turn at a time (turnTranscript.ts).
 */
import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { CrisisCategory } from '../services/safety/SafetyAssessor';
import type { ReferralDraft } from '../services/referrals/draft';
import type { RecentTurns, TranscriptLine } from '../services/transcript/RecentTurns';
import type { QuestionId } from './prompts/questions';
import { StateProperty } from './stateProperty';
import { TurnTranscript } from './turnTranscript';

export type { TranscriptLine } from '../services/transcript/RecentTurns';

/** A question the root dialog asked over whatever was running (a crisis, a command to confirm, a return after days). */
export interface PendingQuestion {
  question: Extract<QuestionId, 'crisisOffer' | 'safetyAsk' | 'safetyAskHarm' | 'resume' | 'confirmCancel' | 'confirmStartOver' | 'confirmPerson' | 'confirmDelete'>;
  tries: number;
}

/** What raised a direct question about safety, until it is answered. */
export interface SafetyQuestion {
  kinds: CrisisCategory[];
  /** The person's words that raised it (for a link worker if the question goes unanswered). */
  words: string;
  /** ISO time it was asked. */
  at: string;
}

export interface Session {
  /** ISO time of the person's last message. */
  lastActiveAt?: string;
  /** referral: consent given; anonymous: nothing personal is kept (no transcript either). */
  mode?: 'referral' | 'anonymous';
  /** ISO time consent was given. */
  consentAt?: string;
  /** Crisis words were heard in this conversation: any referral is urgent, and it stays heightened (see safety). */
  urgent?: boolean;
  crisisCategories?: CrisisCategory[];
  /** The person's words that raised the latest crisis (shown to a link worker in the queue). */
  riskWords?: string;
  /** A direct question about safety waiting for its answer. */
  safetyQuestion?: SafetyQuestion;
  /**
   * The words the person was just asked about and answered "no" to: sent again as they are (the answer to the question
   * the bot went back to), they are not asked about twice. Only the next message; a crisis is never set aside.
   */
  safetyAnsweredNo?: string;
  /** The referral sent in this conversation. */
  referralReference?: string;
  pending?: PendingQuestion;
  /** The handoff whose "passed that on" was said (once per handoff). */
  relayAckedFor?: string;
}

export class ConversationData {
  readonly session: StatePropertyAccessor<Session>;
  readonly draft: StatePropertyAccessor<ReferralDraft>;
  /** The recent turns (both sides), from `recentTurns`; conversation state holds them only for a conversation begun before. */
  readonly transcript: TurnTranscript;

  constructor(readonly state: ConversationState, recentTurns?: RecentTurns) {
    this.session = new StateProperty<Session>(state, 'session');
    this.draft = new StateProperty<ReferralDraft>(state, 'referralDraft');
    this.transcript = new TurnTranscript(recentTurns, new StateProperty<TranscriptLine[]>(state, 'transcript'));
  }

  getSession(context: TurnContext): Promise<Session> {
    return this.session.get(context, {});
  }

  getDraft(context: TurnContext): Promise<ReferralDraft> {
    return this.draft.get(context, {});
  }

  async resetDraft(context: TurnContext): Promise<void> {
    await this.draft.set(context, {});
  }
}
