/**
 * Baseline: the smallest botbuilder bot on restify (CloudAdapter, no auth, no state), echoing each message.
 * Started as a child process by bench/turn.ts; prints "listening <port>".
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import type { AddressInfo } from 'node:net';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }));
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`You said: ${context.activity.text ?? ''}`);
      await next();
    });
  }
}
const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile (bench/profile/profileTurn.ts).
process.once('SIGTERM', () => process.exit(0));
