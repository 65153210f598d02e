/**
 * The Bot Connector API of this channel, in process. The app's CloudAdapter sends a turn's replies through the
 * ConnectorClient it gets from a ConnectorFactory; for Direct Line turns we hand it this one, so every reply (and the
 * error handler's apology, and anything middleware sends) lands in the conversation's activity log instead of going
 * out over HTTP. Direct Line 3.0 has no update or delete: those fail clearly.
 */
import { ConnectorFactory, type ConnectorClient } from 'botframework-connector';
import type { Activity, ResourceResponse } from 'botbuilder';

export interface BotActivitySink {
  /** Stores (or, for typing, only delivers) what the bot sends into a conversation; returns the activity's id. */
  deliverFromBot(conversationId: string, activity: Partial<Activity>): Promise<string>;
}

class InProcessConversations {
  constructor(private readonly sink: BotActivitySink) {}

  async sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    return { id: await this.sink.deliverFromBot(conversationId, activity) };
  }

  async replyToActivity(conversationId: string, _activityId: string, activity: Partial<Activity>): Promise<ResourceResponse> {
    return this.sendToConversation(conversationId, activity);
  }

  async updateActivity(): Promise<never> {
    throw new Error('Direct Line does not support updating an activity');
  }

  async deleteActivity(): Promise<never> {
    throw new Error('Direct Line does not support deleting an activity');
  }
}

export class DirectLineConnectorFactory extends ConnectorFactory {
  private readonly client: ConnectorClient;

  constructor(sink: BotActivitySink) {
    super();
    // Only the conversation operations a turn uses exist; anything else is a programming error and fails loudly.
    this.client = { conversations: new InProcessConversations(sink) } as unknown as ConnectorClient;
  }

  async create(): Promise<ConnectorClient> {
    return this.client;
  }
}
