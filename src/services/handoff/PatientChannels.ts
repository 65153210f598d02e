import type { ConversationReference, TurnContext } from 'botbuilder';

/**
 * Reaching a patient proactively in their own channel (a link worker's reply, a closing message, a follow-up).
 * Each channel (Direct Line for web chat, SMS, the Bot Framework endpoint) registers how it continues a conversation;
 * the handoff service picks by the reference's channelId.
 */
export type ContinueConversation = (reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>) => Promise<void>;

export class PatientChannels {
  private readonly byChannel = new Map<string, ContinueConversation>();
  private fallback?: ContinueConversation;

  /** Registers a channel; `channelId` undefined registers the fallback (the Bot Framework endpoint). */
  register(channelId: string | undefined, continueConversation: ContinueConversation): void {
    if (channelId === undefined) this.fallback = continueConversation;
    else this.byChannel.set(channelId, continueConversation);
  }

  async continue(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const channel = reference.channelId ? this.byChannel.get(reference.channelId) : undefined;
    const run = channel ?? this.fallback;
    if (!run) throw new Error(`No way to reach channel ${reference.channelId ?? '(none)'}`);
    await run(reference, logic);
  }
}

/** Thrown by a channel asked to reach a person who has opted out (texted STOP): nothing is sent. */
export class PatientOptedOutError extends Error {
  constructor() {
    super('The person has opted out of messages on this channel');
    this.name = 'PatientOptedOutError';
  }
}
