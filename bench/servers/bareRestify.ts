/** Baseline: a bare restify JSON handler with the same body parser. Prints "listening <port>". */
import restify from 'restify';
import type { AddressInfo } from 'node:net';

const server = restify.createServer();
server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
server.post('/api/messages', (_req, res, next) => {
  res.send(200, { activities: [] });
  return next();
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
// A clean exit on SIGTERM, so `node --cpu-prof` writes its profile (bench/profile/profileTurn.ts).
process.once('SIGTERM', () => process.exit(0));
