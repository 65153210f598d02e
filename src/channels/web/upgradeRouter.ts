/**
 * One listener for the HTTP server's 'upgrade' event (WebSockets), routing by path prefix to whoever registered it
 * (the Direct Line stream; the console's live updates later). Upgrades nobody claims are answered 404 and closed, so
 * no socket is left hanging.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => void;

export class UpgradeRouter {
  private readonly routes: { prefix: string; handler: UpgradeHandler }[] = [];

  constructor(server: Server) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.route(req, socket, head));
  }

  register(prefix: string, handler: UpgradeHandler): void {
    this.routes.push({ prefix, handler });
  }

  /**
   * Runs inside the HTTP server's 'upgrade' event, where a throw would be uncaught and end the process: a request
   * target that is not a URL is a 400, and a handler that throws answers 400 too (what it threw on was the request).
   */
  private route(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    } catch {
      return rejectUpgrade(socket, 400, 'Bad Request');
    }
    const route = this.routes.find((r) => url.pathname.startsWith(r.prefix));
    if (!route) return rejectUpgrade(socket, 404, 'Not Found');
    try {
      route.handler(req, socket, head, url);
    } catch {
      rejectUpgrade(socket, 400, 'Bad Request');
    }
  }
}

const routers = new WeakMap<Server, UpgradeRouter>();

/** The server's router, created on first use. */
export function upgradeRouterFor(server: Server): UpgradeRouter {
  let router = routers.get(server);
  if (!router) routers.set(server, (router = new UpgradeRouter(server)));
  return router;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
