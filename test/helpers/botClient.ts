import { randomUUID } from 'node:crypto';

export interface BotReply {
  type: string;
  text?: string;
  attachments?: unknown[];
  suggestedActions?: { actions: { title?: string; value?: unknown }[] };
  [key: string]: unknown;
}

/**
 * A Bot Framework client that talks to /api/messages with deliveryMode "expectReplies", so the bot's replies come back
 * in the HTTP response, as a channel would send them.
 */
export class ExpectRepliesClient {
  readonly conversationId = `test-${randomUUID()}`;
  readonly userId: string;

  constructor(private readonly baseUrl: string, userId = `user-${randomUUID()}`, private readonly channelId = 'emulator') {
    this.userId = userId;
  }

  async send(activity: Record<string, unknown>): Promise<BotReply[]> {
    const response = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: randomUUID(),
        channelId: this.channelId,
        serviceUrl: 'http://127.0.0.1:1',
        conversation: { id: this.conversationId },
        from: { id: this.userId, role: 'user' },
        recipient: { id: 'signpost', role: 'bot' },
        deliveryMode: 'expectReplies',
        timestamp: new Date().toISOString(),
        locale: 'en-GB',
        ...activity,
      }),
    });
    if (response.status !== 200) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { activities?: BotReply[] };
    return body.activities ?? [];
  }

  /** Sends a message and returns the text of the bot's replies. */
  async say(text: string): Promise<string[]> {
    const replies = await this.send({ type: 'message', text });
    return replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');
  }

  async join(): Promise<string[]> {
    const replies = await this.send({ type: 'conversationUpdate', membersAdded: [{ id: this.userId }], text: undefined });
    return replies.filter((r) => r.type === 'message').map((r) => r.text ?? '');
  }
}
