/** A patient's way through a self-referral: each question, and the answer given to it. */
import type { Activity } from 'botbuilder';
import { MESSAGES, type MessageId } from '../../src/services/content/messages';
import type { DialogHarness } from './harness';

export interface Step {
  /** The question asked (its message id). */
  question: MessageId;
  answer: string;
}

export const REFERRAL_STEPS: Step[] = [
  { question: 'welcome.question', answer: 'refer myself' },
  { question: 'consent.ask', answer: 'yes' },
  { question: 'intake.name.ask', answer: 'Sam' },
  { question: 'intake.dob.ask', answer: '12/03/1961' },
  { question: 'intake.postcode.ask', answer: 'bs161qy' },
  { question: 'intake.contact.ask', answer: 'text' },
  { question: 'intake.mobile.ask', answer: '07700 900123' },
  { question: 'intake.gp.ask', answer: 'Fishponds Health Centre' },
  { question: 'intake.whatMatters.ask', answer: 'seeing my grandchildren' },
  { question: 'needs.ask', answer: "I'm lonely and behind on my rent" },
  { question: 'needs.confirm', answer: 'yes' },
  { question: 'ons4.lifeSatisfaction', answer: '7' },
  { question: 'ons4.worthwhile', answer: '6' },
  { question: 'ons4.happiness', answer: 'skip' },
  { question: 'ons4.anxiety', answer: '4' },
  { question: 'summary.ask', answer: 'yes' },
  { question: 'offerPerson.ask', answer: 'no' },
];

export function stepIndex(question: MessageId): number {
  const index = REFERRAL_STEPS.findIndex((s) => s.question === question);
  if (index < 0) throw new Error(`No step asks ${question}`);
  return index;
}

/** The fixed start of a message (up to its first placeholder). */
export function lead(id: MessageId): string {
  return MESSAGES[id].split('{')[0];
}

/** The text of the last reply, which is the question now waiting. */
export function lastText(replies: Partial<Activity>[]): string {
  return replies[replies.length - 1]?.text ?? '';
}

export function expectAsked(replies: Partial<Activity>[], question: MessageId): void {
  const last = lastText(replies);
  if (!last.startsWith(lead(question))) throw new Error(`Expected the question ${question}, got: ${JSON.stringify(replies.map((r) => r.text))}`);
}

/** Says hi, then answers each step until `question` is the one waiting (or the whole script with no question). */
export async function driveTo(h: DialogHarness, question?: MessageId, answers: Partial<Record<MessageId, string>> = {}): Promise<Partial<Activity>[]> {
  let replies = await h.send('hi');
  for (const step of REFERRAL_STEPS) {
    expectAsked(replies, step.question);
    if (step.question === question) return replies;
    replies = await h.send(answers[step.question] ?? step.answer);
  }
  return replies;
}
