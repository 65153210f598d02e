import type { Activity } from 'botbuilder';

/**
 * The port the Direct Line channel needs from storage: conversations, and each conversation's activities in the
 * order they happened, numbered by watermark (1, 2, 3 ...), so a client that reloads, reconnects or comes back after a
 * server restart asks for "everything after N" and misses nothing. Implemented in src/storage/embedded and
 * src/storage/mongo; both pass test/storage's conformance suite.
 */
export interface DirectLineConversation {
  id: string;
  /** The user the conversation's tokens are issued to. */
  userId: string;
  locale?: string;
  createdAt: Date;
  /** Set by the store: when the conversation was created or last had an activity appended. */
  lastActivityAt?: Date;
}

export interface StoredActivity {
  watermark: number;
  /** The activity as delivered to clients, without its id (the id is derived from the watermark). */
  activity: Partial<Activity>;
}

export interface DirectLineStore {
  /** Creates the conversation; false (and no change) when one with that id exists already. */
  createConversation(conversation: DirectLineConversation): Promise<boolean>;
  getConversation(id: string): Promise<DirectLineConversation | undefined>;
  /**
   * Appends an activity and returns its watermark: one more than the last in that conversation, atomically, however
   * many appends run at once. Fails when the conversation does not exist.
   */
  appendActivity(conversationId: string, activity: Partial<Activity>): Promise<number>;
  /** Activities with a watermark above `afterWatermark`, oldest first, at most `limit`. */
  activitiesAfter(conversationId: string, afterWatermark: number, limit: number): Promise<StoredActivity[]>;
  /** Removes one conversation and its activities (erasure); false when it was not there. */
  deleteConversation(id: string): Promise<boolean>;
  /** Retention: removes conversations (and their activities) with no activity since `cutoff`; returns how many. */
  deleteConversationsIdleSince(cutoff: Date): Promise<number>;
}

/** Thrown by appendActivity when the conversation is not there (never created, or removed by retention). */
export class ConversationNotFoundError extends Error {
  constructor(conversationId: string) {
    super(`Direct Line conversation ${conversationId} does not exist`);
    this.name = 'ConversationNotFoundError';
  }
}
