/**
 * WebSocket streaming at a conversation's streamUrl: on connect, everything after the watermark in the URL; then each
 * activity as it is appended, in watermark order, as Direct Line frames {activities, watermark}. The client's empty
 * pings are ignored; the server pings too and drops connections that stop answering.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request } from 'restify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../../logging';
import { rejectUpgrade, type UpgradeRouter } from '../web/upgradeRouter';
import { parseWatermark } from './activityLog';
import type { Delivery, DirectLineService } from './DirectLineService';
import type { DirectLineTokens, TokenClaims } from './tokens';
import { isConversationId } from './ids';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const PING_EVERY_MS = 30_000;

export function streamUrlFor(req: Request, secure: boolean, tokens: DirectLineTokens, claims: TokenClaims, watermark: number): string {
  const forwardedHttps = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';
  const scheme = secure || forwardedHttps ? 'wss' : 'ws';
  const { token } = tokens.issue('stream', claims.conversationId, claims.userId);
  const id = encodeURIComponent(claims.conversationId);
  return `${scheme}://${req.headers.host}/v3/directline/conversations/${id}/stream?watermark=${watermark}&t=${encodeURIComponent(token)}`;
}

/** A percent-encoded path segment, decoded; undefined when its encoding is broken (decodeURIComponent would throw). */
function decodedSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

export interface DirectLineStreaming {
  /** Open streams (for tests and diagnostics). */
  openCount(): number;
  /** Closes every stream (1001 going away); clients reconnect and resume from their watermark. */
  close(): Promise<void>;
}

export function attachDirectLineStreaming(router: UpgradeRouter, service: DirectLineService, tokens: DirectLineTokens, logger: Logger): DirectLineStreaming {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  const alive = new WeakSet<WebSocket>();

  router.register('/v3/directline/', (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL) => {
    const match = STREAM_PATH.exec(url.pathname);
    if (!match) return rejectUpgrade(socket, 404, 'Not Found');
    const conversationId = decodedSegment(match[1]);
    if (conversationId === undefined) return rejectUpgrade(socket, 400, 'Bad Request');
    const check = tokens.verify(url.searchParams.get('t') ?? undefined, 'stream', conversationId);
    if (!check.ok) {
      logger.info({ channel: 'directline', reason: check.reason, conversation: isConversationId(conversationId) ? conversationId : undefined }, 'direct line stream refused');
      return rejectUpgrade(socket, 403, 'Forbidden');
    }
    const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
    if (watermark === undefined) return rejectUpgrade(socket, 400, 'Bad Request');
    void service.getConversation(conversationId).then(
      (conversation) => {
        if (!conversation) return rejectUpgrade(socket, 404, 'Not Found');
        wss.handleUpgrade(req, socket, head, (ws) => stream(ws, conversationId, watermark));
      },
      (error: unknown) => {
        logger.error({ err: error, conversation: conversationId }, 'direct line stream could not start');
        rejectUpgrade(socket, 503, 'Service Unavailable');
      },
    );
  });

  function stream(ws: WebSocket, conversationId: string, fromWatermark: number): void {
    let sent = fromWatermark;
    let pumping = false;
    let again = false;
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    ws.on('message', () => undefined); // the client's keep-alive pings: empty strings
    ws.on('error', () => ws.terminate());

    const send = (activities: Delivery['activity'][], watermark?: number): void => {
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify(watermark === undefined ? { activities } : { activities, watermark: String(watermark) }));
    };

    // Catches up from the store until nothing is missing; live deliveries that arrive meanwhile wait for it.
    const pump = async (): Promise<void> => {
      if (pumping) {
        again = true;
        return;
      }
      pumping = true;
      try {
        do {
          again = false;
          const page = await service.activitiesAfter(conversationId, sent);
          // One activity per frame: botframework-directlinejs emits a frame's activities on separate ticks, so two
          // multi-activity frames arriving together would interleave; single-activity frames keep their order.
          page.activities.forEach((activity, i) => send([activity], page.watermarks[i]));
          if (page.activities.length > 0) {
            sent = page.watermark;
            again = true;
          }
        } while (again && ws.readyState === ws.OPEN);
      } catch (error) {
        logger.error({ err: error, conversation: conversationId }, 'direct line stream read failed');
        ws.close(1011);
      } finally {
        pumping = false;
      }
    };

    const unsubscribe = service.subscribe(conversationId, (delivery) => {
      if (delivery.watermark === undefined) return send([delivery.activity]);
      if (delivery.watermark <= sent) return;
      if (!pumping && delivery.watermark === sent + 1) {
        send([delivery.activity], delivery.watermark);
        sent = delivery.watermark;
      } else {
        void pump();
      }
    });
    ws.once('close', unsubscribe);
    void pump();
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) {
        ws.terminate();
        continue;
      }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_EVERY_MS);
  heartbeat.unref();

  return {
    openCount: () => wss.clients.size,
    close: async () => {
      clearInterval(heartbeat);
      const closing = [...wss.clients].map(
        (ws) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => ws.terminate(), 1000);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close(1001, 'server shutting down');
          }),
      );
      await Promise.all(closing);
      wss.close();
    },
  };
}
