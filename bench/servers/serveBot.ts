/**
 * How the bench's own bots are served, the same for each: botbuilder's CloudAdapter (no auth) behind restify's body
 * parser on /api/messages, on a free port printed as "listening <port>", and a clean exit on SIGTERM so that
 * `node --cpu-prof` writes its profile (bench/profile/profileTurn.ts).
 */
import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ActivityHandler } from 'botbuilder';
import restify from 'restify';

export function serveBot(bot: ActivityHandler): void {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '', MicrosoftAppType: 'MultiTenant' }));
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
  process.once('SIGTERM', () => process.exit(0));
}
