/**
 * The recent turns of a conversation, kept for a link worker who picks the chat up: what the person wrote and what the
 * bot answered, the last RECENT_LINES of them, each cut to MAX_LINE_CHARS. Kept apart from conversation state so a
 * turn appends only its new lines instead of rewriting the whole list with the state. Keyed by the conversation's
 * bot-state key ("<channel>/conversations/<conversation id>/", conversationStateKey), so erasure and retention find
 * them as they find the state. Personal data: never logged.
 */

export interface RecentLine {
  from: 'patient' | 'bot';
  text: string;
  /** ISO time. */
  at: string;
}

/** Lines kept per conversation (older ones drop off). */
export const RECENT_LINES = 30;
/** Characters kept of each line. */
export const MAX_LINE_CHARS = 2000;

export interface RecentTurns {
  /** Adds lines after those held (in order), keeping the last RECENT_LINES; resolves once they are stored. */
  append(conversationKey: string, lines: RecentLine[]): Promise<void>;
  /** The last `limit` lines (at most RECENT_LINES), oldest first; [] when none. */
  recent(conversationKey: string, limit?: number): Promise<RecentLine[]>;
  /** Removes the lines of these conversations; returns how many conversations had any. */
  erase(conversationKeys: string[]): Promise<number>;
  /** Retention: removes conversations with no line appended since the cutoff; returns how many. */
  purgeOlderThan(cutoff: Date): Promise<number>;
  close(): Promise<void>;
}

/** The key conversation state has in bot state (botbuilder's ConversationState), which the lines share. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}

/** A line as stored: its text cut to MAX_LINE_CHARS (the adapters apply it, whoever calls). */
export function storedLine({ from, text, at }: RecentLine): RecentLine {
  return { from, text: text.length > MAX_LINE_CHARS ? text.slice(0, MAX_LINE_CHARS) : text, at };
}

/** The last `limit` of `lines`, bounded by RECENT_LINES. */
export function lastLines<T>(lines: T[], limit = RECENT_LINES): T[] {
  const n = Math.max(0, Math.min(limit, RECENT_LINES));
  return n === 0 ? [] : lines.slice(-n);
}
