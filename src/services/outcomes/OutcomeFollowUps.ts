/**
 * Outcome measures after a link worker's chat: when a chat closes, ask the person how it went (satisfaction) and,
 * when they made a referral, whether we may ask the wellbeing questions again later; and, FOLLOW_UP_DAYS on, send the
 * follow-ups people agreed to, in their own channel, only while link workers are at work (nobody gets a wellbeing
 * question at 3am), never to a number that has opted out, each exactly once even with several servers.
 */
import type { Handoff, HandoffOutcome } from '../handoff/Handoff';
import type { HandoffQueue } from '../handoff/HandoffQueue';
import { isOpen, type OpeningHours } from '../handoff/openingHours';
import type { Referral } from '../referrals/Referral';
import type { ReferralRepository } from '../referrals/ReferralRepository';
import { PROACTIVE_EVENTS, type HandoffClosedValue, type ProactiveTurns } from './proactiveTurns';

/** Outcomes after which "how happy are you with the help?" makes sense (not after no reply, nor a safeguarding referral). */
const ASK_SATISFACTION: ReadonlySet<HandoffOutcome> = new Set(['signposted', 'referred', 'not-eligible']);
/** Outcomes after which support was offered, so wellbeing later is worth asking about. */
const OFFER_FOLLOW_UP: ReadonlySet<HandoffOutcome> = new Set(['signposted', 'referred']);

/** What to ask after a chat closed, or undefined for nothing. */
export function questionsAfterClose(handoff: Handoff, referral: Referral | null): HandoffClosedValue | undefined {
  const outcome = handoff.outcome?.type;
  if (!outcome) return undefined;
  const askSatisfaction = ASK_SATISFACTION.has(outcome);
  const offerFollowUp = OFFER_FOLLOW_UP.has(outcome) && referral?.consent.given === true && !referral.followUp;
  if (!askSatisfaction && !offerFollowUp) return undefined;
  return { handoffId: handoff.id, askSatisfaction, ...(offerFollowUp ? { followUpReferral: referral.reference } : {}) };
}

interface OutcomeLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface OutcomeFollowUpsDeps {
  referrals: Pick<ReferralRepository, 'get' | 'listFollowUpsDue' | 'markFollowUpSent' | 'update'>;
  handoffs: Pick<HandoffQueue, 'get'>;
  turns: ProactiveTurns;
  /** False when the person cannot be messaged in their channel now (an SMS number that opted out). */
  canReach(handoff: Handoff): Promise<boolean>;
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
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SendReport> | undefined;

  constructor(private readonly deps: OutcomeFollowUpsDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** After a link worker closed a chat and the person was told: ask how it went (and about a follow-up). */
  async handoffClosed(handoff: Handoff): Promise<void> {
    const referral = handoff.referralReference ? await this.deps.referrals.get(handoff.referralReference) : null;
    const value = questionsAfterClose(handoff, referral);
    if (!value || !(await this.deps.canReach(handoff))) return;
    await this.deps.turns.start(handoff.conversationReference, { name: PROACTIVE_EVENTS.handoffClosed, value });
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
      const handoff = followUp.handoffId ? await this.deps.handoffs.get(followUp.handoffId) : null;
      const skipped = !handoff ? 'unreachable' : (await this.deps.canReach(handoff)) ? undefined : 'opted-out';
      if (skipped || !handoff) {
        await this.deps.referrals.update(referral.reference, { followUp: { ...followUp, sentAt: now, skipped: skipped ?? 'unreachable' } });
        this.deps.logger.info({ event: 'follow-up-skipped', reason: skipped }, 'follow-up not sent');
        report.skipped += 1;
        continue;
      }
      try {
        await this.deps.turns.start(handoff.conversationReference, { name: PROACTIVE_EVENTS.followUp, value: { referralReference: referral.reference } });
      } catch (error) {
        await this.deps.referrals.update(referral.reference, { followUp: { ...followUp, sentAt: now, skipped: 'unreachable' } });
        this.deps.logger.warn({ event: 'follow-up-failed', channel: handoff.channel, errorType: (error as Error)?.name }, 'follow-up could not be sent');
        report.skipped += 1;
        continue;
      }
      this.deps.logger.info({ event: 'follow-up-sent', channel: handoff.channel }, 'follow-up sent');
      report.sent += 1;
    }
    return report;
  }
}
