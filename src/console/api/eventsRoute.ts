/**
 * Live updates by Server-Sent Events: GET /api/console/events
 *   without parameters: the queue ("queue" events: a handoff was enqueued, claimed, released or closed; ids only);
 *   ?handoff={id}: one handoff as it happens ("message", "note" and "status" events; audited as watching it).
 * Every stream starts with a "ready" event and sends a comment every 25 s to keep proxies from closing it; it ends
 * when the session ends (sign-out, expiry) or the server stops.
 */
import type { Request, Response, Server } from 'restify';
import type { ConsoleSession } from '../../services/accounts/ConsoleUsers';
import type { HandoffEvent } from '../../services/handoff/HandoffEvents';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, apiHeaders, isId, queryValue, route } from '../http';

const HEARTBEAT_MS = 25_000;
const MAX_STREAMS_PER_USER = 20;

interface Stream {
  userId: string;
  session: ConsoleSession;
  end(): void;
}

/** The open streams, so sign-out and shutdown can end them. */
export class LiveStreams {
  private readonly open = new Set<Stream>();

  add(stream: Stream): () => void {
    this.open.add(stream);
    return () => this.open.delete(stream);
  }

  countFor(userId: string): number {
    return [...this.open].filter((s) => s.userId === userId).length;
  }

  endSession(sessionId: string): void {
    for (const s of [...this.open]) if (s.session.id === sessionId) s.end();
  }

  endUser(userId: string): void {
    for (const s of [...this.open]) if (s.userId === userId) s.end();
  }

  endAll(): void {
    for (const s of [...this.open]) s.end();
  }

  get size(): number {
    return this.open.size;
  }
}

export function registerEventsRoute(server: Server, ctx: ConsoleContext): void {
  const { logger, sessions, events, handoffs, streams } = ctx;

  server.get('/api/console/events', route(ctx, async (req: Request, res: Response) => {
    const { user, session, worker } = await requireCaller(sessions, req);
    const handoffId = queryValue(req, 'handoff');
    if (handoffId !== undefined) {
      if (!isId(handoffId)) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
      await handoffs.watch(handoffId, worker);
    }
    if (streams.countFor(user.id) >= MAX_STREAMS_PER_USER) throw new ApiError(429, 'TooManyStreams', 'Too many live connections are open. Close some console tabs.');

    apiHeaders(res);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 3000\n\n');

    // Sends run one after another, so events keep their order even when one needs a name looked up.
    let chain = Promise.resolve();
    const send = (event: string, data: () => Promise<unknown> | unknown): void => {
      chain = chain.then(async () => {
        if (res.writableEnded) return;
        res.write(`event: ${event}\ndata: ${JSON.stringify(await data())}\n\n`);
      }).catch((error: unknown) => logger.warn({ event: 'console-stream-failed', errorType: (error as Error)?.name }, 'live update not sent'));
    };
    const firstName = async (id: string) => (await ctx.users.get(id))?.firstName ?? 'Unknown';
    const handoffEvent = (e: HandoffEvent): void => {
      if (e.type === 'message') send('message', () => ({ handoffId: e.handoffId, entry: { from: e.entry.from, text: e.entry.text, at: e.entry.at, ...(e.entry.workerName ? { workerName: e.entry.workerName } : {}) } }));
      else if (e.type === 'note') send('note', async () => ({ handoffId: e.handoffId, note: { text: e.note.text, at: e.note.at, worker: { id: e.note.workerId, firstName: await firstName(e.note.workerId) } } }));
      else send('status', async () => ({ handoffId: e.handoffId, change: e.change, status: e.status, claimedBy: e.claimedBy ? { id: e.claimedBy, firstName: await firstName(e.claimedBy) } : null, outcome: e.outcome ?? null }));
    };
    const unsubscribe = handoffId === undefined ? events.onQueue((e) => send('queue', () => e)) : events.onHandoff(handoffId, handoffEvent);

    await new Promise<void>((resolve) => {
      let ended = false;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        unsubscribe();
        forget();
        if (!res.writableEnded) res.end();
        resolve();
      };
      const forget = streams.add({ userId: user.id, session, end });
      const heartbeat = setInterval(() => {
        void sessions.stillValid(session).then((valid) => (valid ? void res.write(': keep-alive\n\n') : end()), end);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      req.once('close', end);
      res.once('close', end);
      send('ready', () => ({ handoff: handoffId ?? null }));
    });
  }));
}
