/**
 * The numbers that text Signpost: their conversation id, whether they opted out (STOP), and the numbered options
 * last offered to them (so a reply of "2" picks the second). Keyed by E.164 number, so an opt-out holds even if the
 * key that derives conversation ids changes.
 */

export interface SmsContact {
  /** E.164 number. */
  phone: string;
  conversationId: string;
  optedOut: boolean;
  /** When and with which keyword they last opted out, or when they last opted back in. */
  optedOutAt?: Date;
  optOutKeyword?: string;
  optedInAt?: Date;
  /** What a reply of each number stands for: choices[0] is "1". */
  choices: { text: string; value?: unknown }[];
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** How fresh lastSeenAt is kept: a text within this long of the last recorded one does not move it. */
export const SEEN_PRECISION_MS = 10 * 60_000;

export interface SmsContacts {
  byPhone(phone: string): Promise<SmsContact | undefined>;
  byConversation(conversationId: string): Promise<SmsContact | undefined>;
  /**
   * Creates the contact or updates lastSeenAt (and conversationId); returns it, and whether it is new. lastSeenAt is
   * kept to SEEN_PRECISION_MS (it serves retention, counted in days), which spares a write on most texts.
   */
  seen(phone: string, conversationId: string, at: Date): Promise<{ contact: SmsContact; isNew: boolean }>;
  /** Opts out (optedOut true) or back in; creates the contact when unknown. */
  setOptedOut(phone: string, conversationId: string, optedOut: boolean, at: Date, keyword?: string): Promise<void>;
  setChoices(phone: string, choices: SmsContact['choices']): Promise<void>;
  /**
   * Removes the contact of a conversation (right to erasure); returns how many. An opt-out is kept as a bare record
   * (number and date) so that number is never texted again.
   */
  eraseConversation(conversationId: string): Promise<number>;
  /** Removes contacts not seen since `cutoff` who have not opted out (retention); returns how many. */
  purgeNotSeenSince(cutoff: Date): Promise<number>;
}
