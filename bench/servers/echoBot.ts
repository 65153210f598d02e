/**
 * Baseline: the smallest botbuilder bot on restify (CloudAdapter, no auth, no state), echoing each message.
 * Started as a child process by bench/turn.ts; prints "listening <port>".
 */
import { ActivityHandler } from 'botbuilder';
import { serveBot } from './serveBot';

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}
serveBot(new EchoBot());
