/**
 * Outcome measures after a link worker's chat: when a chat closes, ask the person how it went (satisfaction) and,
 * when they made a referral and can be reached when it is due (followUpReach.ts), whether we may ask the wellbeing
 * questions again later; and, FOLLOW_UP_DAYS on, send the follow-ups people agreed to, only while link workers are at
 * work (nobody gets a wellbeing question at 3am), never to a number that has opted out, each exactly once even with
 * several servers. An SMS patient gets it in their conversation; a web chat patient by text to their mobile.
 */
import type { Handoff, HandoffOutcome } from '../handoff/Handoff';
import type { HandoffQueue } from '../handoff/HandoffQueue';
import { isOpen, type OpeningHours } from '../handoff/openingHours';
import { numberEnding } from '../contact/ukPhone';
import type { Referral } from '../referrals/Referral';
import type { ReferralRepository } from '../referrals/ReferralRepository';
import { referralOfChat } from '../referrals/episode';
import { referralClosingMessage } from '../referrals/closingMessage';
import { FollowUpReach, type FollowUpRoute, type FollowUpSkip, type FollowUpTarget, type TextReach } from './followUpReach';
import { PROACTIVE_EVENTS, type HandoffClosedValue, type ProactiveTurns } from './proactiveTurns';

/** Outcomes after which "how happy are you with the help?" makes sense (not after no reply, nor a safeguarding referral). */
const ASK_SATISFACTION: ReadonlySet<HandoffOutcome> = new Set(['signposted', 'referred', 'not-eligible']);
/** Outcomes after which support was offered, so wellbeing later is worth asking about. */
const OFFER_FOLLOW_UP: ReadonlySet<HandoffOutcome> = new Set(['signposted', 'referred']);

/**
 * What to ask after a chat closed, or undefined for nothing. `route` is how a follow-up could reach them when due
 * (undefined: it could not, so none is offered).
 */
export function questionsAfterClose(handoff: Handoff, referral: Referral | null, route: FollowUpRoute | undefined): HandoffClosedValue | undefined {
  const outcome = handoff.outcome?.type;
  if (!outcome) return undefined;
  const askSatisfaction = ASK_SATISFACTION.has(outcome);
  const offerFollowUp = route !== undefined && OFFER_FOLLOW_UP.has(outcome) && referral?.consent.given === true && !referral.followUp;
  if (!askSatisfaction && !offerFollowUp) return undefined;
  if (!offerFollowUp) return { handoffId: handoff.id, askSatisfaction };
  return { handoffId: handoff.id, askSatisfaction, followUpReferral: referral.reference, ...(route.by === 'text' ? { followUpByText: { ending: numberEnding(route.phone) } } : {}) };
}

interface OutcomeLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface OutcomeFollowUpsDeps {
  referrals: Pick<ReferralRepository, 'get' | 'list' | 'listFollowUpsDue' | 'markFollowUpSent' | 'update'>;
  handoffs: Pick<HandoffQueue, 'get'>;
  turns: ProactiveTurns;
  /** Texts: whether a number or SMS conversation opted out, and the SMS conversation of a number. */
  texts: TextReach;
  openingHours: OpeningHours;
  logger: OutcomeLogger;
  now?: () => Date;
  /** How often to look for follow-ups due (default 15 minutes). */
  intervalMs?: number;
}

export interface SendReport {
  sent: number;
  skipped: number;
}

const BATCH = 50;

export class OutcomeFollowUps {
  private readonly now: () => Date;
  private readonly reach: FollowUpReach;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SendReport> | undefined;

  constructor(private readonly deps: OutcomeFollowUpsDeps) {
    this.now = deps.now ?? (() => new Date());
    this.reach = new FollowUpReach(deps.texts);
  }

  /** After a link worker closed a chat and the person was told: ask how it went (and about a follow-up). */
  async handoffClosed(handoff: Handoff): Promise<void> {
    if (!(await this.reach.canAnswer(handoff))) return;
    // The chat's referral, even one saved after the chat began (one episode: src/services/referrals/episode.ts).
    const referral = await referralOfChat(this.deps.referrals, handoff).then((r) => r ?? null);
    const route = await this.reach.route(handoff, referral);
    const value = questionsAfterClose(handoff, referral, 'skipped' in route ? undefined : route);
    if (!value) return;
    await this.deps.turns.start(handoff.conversationReference, { name: PROACTIVE_EVENTS.handoffClosed, value });
  }

  /**
   * After a link worker closed a referral from the worklist (no chat): where the person asked to be contacted by text,
   * texts them the outcome in their SMS conversation and, after support was offered, asks whether we may follow up
   * (the same question a chat gets). Returns whether they were told.
   */
  async referralClosed(referral: Referral): Promise<{ told: boolean }> {
    const text = referral.outcome ? referralClosingMessage(referral.outcome, referral.reference) : undefined;
    if (!text) return { told: false };
    const conversation = await this.reach.textConversation(referral);
    if ('skipped' in conversation) return { told: false };
    const offerFollowUp = OFFER_FOLLOW_UP.has(referral.outcome!.type as HandoffOutcome) && referral.consent.given && !referral.followUp;
    await this.deps.turns.start(conversation, { name: PROACTIVE_EVENTS.referralClosed, value: { referralReference: referral.reference, text, offerFollowUp } });
    return { told: true };
  }

  /** Sends every follow-up due now, in opening hours only. One run at a time; a run already going is shared. */
  sendDue(): Promise<SendReport> {
    this.running ??= this.sendDueNow().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Looks for follow-ups due now and every intervalMs, until stop(). */
  start(): void {
    if (this.timer) return;
    const tick = () => void this.sendDue().catch((error: unknown) => this.deps.logger.warn({ event: 'follow-up-failed', errorType: (error as Error)?.name }, 'follow-ups could not be sent'));
    this.timer = setInterval(tick, this.deps.intervalMs ?? 15 * 60_000);
    this.timer.unref();
    setImmediate(tick);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async sendDueNow(): Promise<SendReport> {
    const report: SendReport = { sent: 0, skipped: 0 };
    const now = this.now();
    if (!isOpen(this.deps.openingHours, now)) return report;
    for (const referral of await this.deps.referrals.listFollowUpsDue(now, BATCH)) {
      // Marked first, atomically: another server, or a crash half-way, never sends it twice.
      if (!(await this.deps.referrals.markFollowUpSent(referral.reference, now))) continue;
      const followUp = referral.followUp!;
      try {
        const handoff = followUp.handoffId ? await this.deps.handoffs.get(followUp.handoffId) : null;
        // Agreed in a chat that is gone (erased): unreachable. Agreed without a chat (the worklist): by text.
        const target: FollowUpTarget = followUp.handoffId && !handoff ? { skipped: 'unreachable' } : await this.reach.target(handoff, referral);
        if ('skipped' in target) {
          await this.skip(referral, now, target.skipped);
          report.skipped += 1;
          continue;
        }
        await this.deps.turns.start(target.reference, { name: PROACTIVE_EVENTS.followUp, value: { referralReference: referral.reference, ...(target.viaText ? { viaText: true } : {}) } });
        this.deps.logger.info({ event: 'follow-up-sent', channel: target.reference.channelId }, 'follow-up sent');
        report.sent += 1;
      } catch (error) {
        // Never counted as sent: whatever failed (the store, the channel), it is recorded as not reached.
        this.deps.logger.warn({ event: 'follow-up-failed', errorType: (error as Error)?.name }, 'follow-up could not be sent');
        await this.skip(referral, now, 'unreachable');
        report.skipped += 1;
        continue;
      }
    }
    return report;
  }

  private async skip(referral: Referral, at: Date, skipped: FollowUpSkip): Promise<void> {
    await this.deps.referrals.update(referral.reference, { followUp: { ...referral.followUp!, sentAt: at, skipped } });
    this.deps.logger.info({ event: 'follow-up-skipped', reason: skipped }, 'follow-up not sent');
  }
}
