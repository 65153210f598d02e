/**
 * The SMS routes. Every one checks the Twilio signature first and answers 403 before anything is stored or run.
 * - POST /api/sms: Twilio's incoming-message webhook; answers empty TwiML once the text is handled (or after
 *   turnWaitMs, whichever is first: the turn carries on and its replies still go out); when the store is down, TwiML
 *   carrying the texts the turn could not queue (or the apology).
 * - POST /api/sms/status?id=: Twilio's delivery status callbacks, recorded on the outbox message.
 * - GET /api/sms/simulator/replies?sid=: simulator only: the texts that answered one incoming text, for `signpost sms`.
 * - GET /api/sms/simulator/texts?to=&after=: simulator only: the texts sent to one number after a point (`seq`), sent or
 *   settled, for `signpost sms --wait` (a link worker's reply, the hand-back text); `latest` is the point to ask after next.
 */
import type { Request, Response, Server } from 'restify';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import type { Logger } from '../../logging';
import type { OutgoingSms, SmsOutbox } from '../../services/sms/SmsOutbox';
import { SMS_CHANNEL_ID } from './identity';
import { say } from '../../services/content/messages';
import { parseInbound } from './inbound';
import { renderSmsText } from './renderText';
import { UnsentTextsError } from './SmsDispatcher';
import { verifySignedRequest } from './signature';
import type { SmsInbound } from './SmsInbound';

export const SMS_WEBHOOK_PATH = '/api/sms';
export const SMS_STATUS_PATH = '/api/sms/status';
export const SMS_SIMULATOR_REPLIES_PATH = '/api/sms/simulator/replies';
export const SMS_SIMULATOR_TEXTS_PATH = '/api/sms/simulator/texts';

export interface SmsRoutesOptions {
  publicUrl: string;
  /** The token Twilio signs with (or the simulator's). */
  authToken: string;
  inbound: SmsInbound;
  outbox: SmsOutbox;
  logger: Logger;
  /** The longest the webhook waits for a turn before answering Twilio (Twilio gives up at 15 s). */
  turnWaitMs: number;
  simulator: boolean;
  /** The SMS conversation of an E.164 number (for the simulator's texts route). */
  conversationOf: (phone: string) => string;
}

const EMPTY_TWIML = '<Response/>';

/** Texts one TwiML answer carries at most. */
const MAX_TWIML_MESSAGES = 10;

/**
 * The webhook's answer when a text could not be handled through the outbox (the store is down): the texts the turn
 * wrote (the crisis numbers and the apology, when the turn could only get that far), or else the apology, sent by
 * Twilio without our outbox. (Twilio itself blocks texts to numbers that have texted STOP, which cannot be checked
 * here while the store is down.)
 */
function fallbackTwiml(error: unknown): string {
  const unsent = error instanceof UnsentTextsError ? error.parts.map((part) => part.text) : [];
  const texts = unsent.length > 0 ? unsent : renderSmsText(say('error.apology')).map((part) => part.text);
  const twiml = new MessagingResponse();
  for (const text of texts.slice(0, MAX_TWIML_MESSAGES)) twiml.message(text);
  return twiml.toString();
}

export function registerSmsRoutes(server: Server, options: SmsRoutesOptions): void {
  const { publicUrl, authToken, inbound, outbox, logger } = options;

  const refuse = (req: Request, res: Response): void => {
    logger.warn({ channel: SMS_CHANNEL_ID, route: req.getRoute()?.path }, 'sms request refused: missing or bad signature');
    res.send(403, { code: 'Forbidden', message: 'Missing or invalid X-Twilio-Signature.' });
  };

  server.post(SMS_WEBHOOK_PATH, async (req: Request, res: Response) => {
    const { valid, params } = verifySignedRequest(req, publicUrl, authToken);
    if (!valid) return refuse(req, res);
    const sms = parseInbound(params);
    if ('problem' in sms) {
      logger.warn({ channel: SMS_CHANNEL_ID, problem: sms.problem }, 'sms webhook refused');
      res.send(400, { code: 'BadRequest', message: `Not an incoming text: ${sms.problem}.` });
      return;
    }
    let failure: { error: unknown } | undefined;
    const handled = inbound.accept(sms).catch((error: unknown) => {
      failure = { error };
      logger.error({ err: error, channel: SMS_CHANNEL_ID, messageSid: sms.messageSid }, 'sms handling failed');
    });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, options.turnWaitMs)));
    try {
      await Promise.race([handled, waited]);
    } finally {
      clearTimeout(timer);
    }
    res.sendRaw(200, failure ? fallbackTwiml(failure.error) : EMPTY_TWIML, { 'Content-Type': 'text/xml' });
  });

  server.post(SMS_STATUS_PATH, async (req: Request, res: Response) => {
    const { valid, params } = verifySignedRequest(req, publicUrl, authToken);
    if (!valid) return refuse(req, res);
    const id = typeof req.query?.id === 'string' ? req.query.id : undefined;
    const status = params.MessageStatus ?? params.SmsStatus;
    if (!id || typeof status !== 'string') {
      res.send(400, { code: 'BadRequest', message: 'Expected ?id= and a MessageStatus field.' });
      return;
    }
    const errorCode = typeof params.ErrorCode === 'string' && params.ErrorCode ? params.ErrorCode : undefined;
    const known = await outbox.recordDelivery(id, status, errorCode, new Date());
    logger.info({ channel: SMS_CHANNEL_ID, outboxId: id, status, code: errorCode, known }, 'sms delivery status');
    if (!known) {
      res.send(404, { code: 'NotFound', message: 'No such message.' });
      return;
    }
    res.send(204);
  });

  if (!options.simulator) return;
  server.get(SMS_SIMULATOR_REPLIES_PATH, async (req: Request, res: Response) => {
    const { valid } = verifySignedRequest(req, publicUrl, authToken);
    if (!valid) return refuse(req, res);
    const sid = typeof req.query?.sid === 'string' ? req.query.sid : undefined;
    if (!sid) {
      res.send(400, { code: 'BadRequest', message: 'Expected ?sid= (the MessageSid of the text you sent).' });
      return;
    }
    await inbound.pending(sid)?.catch(() => undefined);
    const replies = await settled(outbox, sid, options.turnWaitMs);
    res.send(200, {
      messageSid: sid,
      replies: replies.map(simulated),
    });
  });
  server.get(SMS_SIMULATOR_TEXTS_PATH, async (req: Request, res: Response) => {
    const { valid } = verifySignedRequest(req, publicUrl, authToken);
    if (!valid) return refuse(req, res);
    const to = typeof req.query?.to === 'string' ? req.query.to : '';
    const after = Number(typeof req.query?.after === 'string' ? req.query.after : '-1');
    if (!/^\+\d{8,15}$/.test(to) || !Number.isInteger(after)) {
      res.send(400, { code: 'BadRequest', message: 'Expected ?to= (an E.164 number) and ?after= (a whole number, -1 for all).' });
      return;
    }
    const all = await outbox.listByConversation(options.conversationOf(to), 200);
    // Only settled texts: one still being sent shows on the next ask.
    const pending = all.find((m) => m.seq > after && (m.status === 'queued' || m.status === 'sending'));
    const texts = all.filter((m) => m.seq > after && (pending === undefined || m.seq < pending.seq));
    const latest = texts.length > 0 ? texts[texts.length - 1].seq : pending ? Math.max(after, pending.seq - 1) : Math.max(after, ...all.map((m) => m.seq));
    res.send(200, { texts: texts.map(simulated), latest });
  });
}

function simulated(m: OutgoingSms): { id: string; seq: number; body: string; segments: number; encoding: string; status: string; delivery?: string } {
  return { id: m.id, seq: m.seq, body: m.body, segments: m.segments, encoding: m.encoding, status: m.status, delivery: m.delivery?.status };
}

/** The replies to one text, once the worker has sent them all (or after waitMs). */
async function settled(outbox: SmsOutbox, sid: string, waitMs: number): Promise<OutgoingSms[]> {
  const until = Date.now() + waitMs;
  for (;;) {
    const replies = await outbox.repliesTo(sid);
    if (Date.now() >= until || replies.every((m) => m.status !== 'queued' && m.status !== 'sending')) return replies;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
