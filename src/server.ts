/**
 * The restify server: body limits, JSON errors, in-flight tracking for graceful shutdown, and the routes each
 * channel registers. No business logic here.
 */
import restify, { type Request, type Response, type Server } from 'restify';
import type { Logger } from './logging';

export const MAX_BODY_BYTES = 256 * 1024;

export interface HttpServer {
  server: Server;
  /** Requests being handled right now. */
  inFlight(): number;
  /** Stops accepting, waits for in-flight requests (up to timeoutMs). */
  drain(timeoutMs: number): Promise<void>;
}

export function createHttpServer(logger: Logger): HttpServer {
  const server = restify.createServer({ name: 'signpost', handleUncaughtExceptions: false });
  let active = 0;
  const idleWaiters: (() => void)[] = [];

  server.pre((_req: Request, res: Response, next) => {
    active += 1;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      active -= 1;
      if (active === 0) idleWaiters.splice(0).forEach((resolve) => resolve());
    };
    res.once('finish', finish);
    res.once('close', finish);
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  // Bodies are parsed only as what routes take, JSON or a form; other types stay raw text. (restify's bodyParser also
  // parses CSV and multipart, and its CSV parser answers a malformed body with a 500.)
  server.use(restify.plugins.bodyReader({ maxBodySize: MAX_BODY_BYTES }));
  const [parseJson] = restify.plugins.jsonBodyParser({ mapParams: false, bodyReader: true });
  const [parseForm] = restify.plugins.urlEncodedBodyParser({ mapParams: false, bodyReader: true });
  server.use((req: Request, res: Response, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    return (req.getContentType() === 'application/x-www-form-urlencoded' ? parseForm : parseJson)(req, res, next);
  });

  // Errors reach clients as short JSON {code, message}; server faults never show internals.
  server.on('restifyError', (req: Request, _res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, callback: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      logger.error({ err, route: req.getRoute()?.path, method: req.method }, 'request failed');
      // restify sends an error without a status as a new InternalError carrying its message: give it one, so the
      // short answer below is what is sent.
      err.statusCode = status;
      err.toJSON = () => ({ code: 'InternalError', message: 'Something went wrong. Please try again.' });
    }
    return callback();
  });

  return {
    server,
    inFlight: () => active,
    drain: async (timeoutMs) => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (active > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          idleWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      // Keep-alive sockets left idle by finished requests would hold close() open.
      server.server.closeIdleConnections();
      await closed;
    },
  };
}
