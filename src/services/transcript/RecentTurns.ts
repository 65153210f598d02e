/**
 * The recent turns of a conversation, both sides, kept so a link worker who picks the chat up can read what was said
 * from the start (HandoffDialog copies them into the handoff). Append-only: a turn adds its lines in one write, instead
 * of the whole list being rewritten with the conversation state every turn. Personal data: erasure and retention walk
 * it (storage/shared/personalData.ts); nothing is kept for an anonymous conversation. Never written to logs.
 */

export interface TranscriptLine {
  from: 'patient' | 'bot';
  text: string;
  /** ISO time. */
  at: string;
}

/** A conversation, as its channel names it. */
export interface ConversationKey {
  channel: string;
  conversationId: string;
}

/** Bounds on what is kept: a whole self-referral with services shown runs to 60-80 lines, far inside them. */
export const RECENT_TURNS_LIMITS = {
  /** Lines kept per conversation (the oldest go first beyond it). */
  lines: 400,
  /** Characters kept of one line. */
  lineChars: 2000,
  /** Characters of all the lines read back (the oldest go first beyond it). */
  totalChars: 100_000,
} as const;

/** The port both stores implement (the conformance suite in test/storage checks them alike). */
export interface RecentTurns {
  /** Adds lines after the conversation's others, in order, in one write; keeps only its latest `keep` lines. */
  append(conversation: ConversationKey, lines: readonly TranscriptLine[], keep: number): Promise<void>;
  /** The conversation's latest `limit` lines, oldest first. */
  read(conversation: ConversationKey, limit: number): Promise<TranscriptLine[]>;
  /** Removes the conversation's lines; returns how many there were. */
  clear(conversation: ConversationKey): Promise<number>;
  /** Retention: removes lines older than the cutoff; returns how many. */
  purgeOlderThan(cutoff: Date): Promise<number>;
}

/** Cuts each line to its bound and drops the oldest beyond the line and character bounds. */
export function withinLimits(lines: readonly TranscriptLine[]): TranscriptLine[] {
  const kept = lines.slice(-RECENT_TURNS_LIMITS.lines).map((line) => (line.text.length > RECENT_TURNS_LIMITS.lineChars ? { ...line, text: line.text.slice(0, RECENT_TURNS_LIMITS.lineChars) } : line));
  let total = kept.reduce((sum, line) => sum + line.text.length, 0);
  while (total > RECENT_TURNS_LIMITS.totalChars && kept.length > 1) total -= kept.shift()?.text.length ?? 0;
  return kept;
}
