/**
 * Small HTTP helpers for the console API: JSON answers that never get cached, one error shape ({code, message}),
 * request bodies checked against a schema, and domain errors mapped to status codes. Error messages never echo what
 * was sent (it may be personal data).
 */
import type { Request, Response } from 'restify';
import { z } from 'zod';
import { NotFoundError, ReferralConflictError } from '../services/referrals/ReferralRepository';
import { ChatStillOpenError, NotYourReferralError } from '../services/referrals/ReferralWorklist';
import { HandoffConflictError } from '../services/handoff/HandoffQueue';
import { DeliveryError, NoTextBackError, NotYourHandoffError } from '../services/handoff/HandoffService';
import { OutcomeDetailRequiredError } from '../services/handoff/outcomes';
import { PatientOptedOutError } from '../services/handoff/PatientChannels';
import { say } from '../services/content/messages';
import { AccountInputError } from '../services/accounts/AccountService';
import { DuplicateEmailError } from '../services/accounts/ConsoleUsers';
import { WeakPasswordError } from '../services/accounts/passwords';
import { InvalidRecordError } from '../services/InvalidRecordError';
import type { Logger } from '../logging';
import type { AuditLog } from '../services/audit/AuditLog';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Headers on every console API answer: personal data must not be cached or sniffed. */
export function apiHeaders(res: Response): void {
  res.header('Cache-Control', 'no-store');
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
}

export function sendJson(res: Response, status: number, body?: unknown): void {
  apiHeaders(res);
  if (body === undefined) {
    res.status(status);
    res.end();
    return;
  }
  res.send(status, body);
}

export function sendError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.header(name, value);
  sendJson(res, status, { code, message });
}

/** The domain's errors as HTTP answers; anything else is a 500 with no detail (and is logged by type). */
export function toApiError(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error instanceof NotFoundError) return new ApiError(404, 'NotFound', 'There is nothing here with that id.');
  if (error instanceof HandoffConflictError) return new ApiError(409, 'Conflict', 'Someone else has this conversation, or it is closed.');
  if (error instanceof NotYourHandoffError) return new ApiError(409, 'NotClaimed', 'Claim this conversation before you do that.');
  if (error instanceof ReferralConflictError) return new ApiError(409, 'Conflict', 'Someone else has this referral, or it is closed.');
  if (error instanceof NotYourReferralError) return new ApiError(409, 'NotClaimed', 'Claim this referral before you do that.');
  if (error instanceof ChatStillOpenError) return new ApiError(409, 'ChatOpen', 'This person has a live chat open: end it from the chat.');
  if (error instanceof PatientOptedOutError) return new ApiError(409, 'OptedOut', say('handoff.optedOutReply'));
  if (error instanceof NoTextBackError) return new ApiError(409, 'NoTextBack', 'This person has not agreed to be texted.');
  if (error instanceof DeliveryError) return new ApiError(502, 'DeliveryFailed', 'The message could not reach the person. Nothing was saved: please try again.');
  if (error instanceof OutcomeDetailRequiredError) return new ApiError(400, 'BadRequest', error.message);
  if (error instanceof AccountInputError || error instanceof WeakPasswordError) return new ApiError(400, 'BadRequest', error.message);
  if (error instanceof DuplicateEmailError) return new ApiError(409, 'Conflict', 'There is already a user with that email address.');
  if (error instanceof InvalidRecordError) return new ApiError(400, 'BadRequest', error.message);
  return undefined;
}

type Handler = (req: Request, res: Response) => Promise<void>;

const CALLER = Symbol('signpost.consoleCaller');

/** Notes who is calling (their user id), once their session is known: refusals are audited with it. */
export function rememberCaller(req: Request, userId: string): void {
  (req as unknown as Record<symbol, string>)[CALLER] = userId;
}

function callerOf(req: Request): string | undefined {
  return (req as unknown as Record<symbol, string | undefined>)[CALLER];
}

/**
 * Wraps a route: known errors become JSON answers, unknown ones a logged 500. Refusals (403, 409) are audited: who
 * (the signed-in user, or "anonymous"), what code, and the route as declared (never the ids in the path).
 */
export function route(ctx: { logger: Logger; audit?: AuditLog }, handler: Handler): Handler {
  const { logger } = ctx;
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      const known = toApiError(error);
      if (known && (known.status === 403 || known.status === 409)) {
        const recordId = `${req.method} ${req.getRoute()?.path ?? '?'}`;
        await ctx.audit?.append({ actor: callerOf(req) ?? 'anonymous', action: `refused:${known.code}`, recordType: 'route', recordId }).catch((auditError: unknown) => logger.error({ event: 'audit-failed', errorType: (auditError as Error)?.name }, 'could not audit a refusal'));
      }
      if (known) return sendError(res, known.status, known.code, known.message, known.headers);
      logger.error({ event: 'console-error', route: req.getRoute()?.path, method: req.method, errorType: (error as Error)?.name, stack: (error as Error)?.stack }, 'console request failed');
      sendError(res, 500, 'InternalError', 'Something went wrong. Please try again.');
    }
  };
}

/** The JSON body checked against a schema; 415 for other content types, 400 naming the fields that are wrong. */
export function readBody<T extends z.ZodType>(req: Request, schema: T): z.infer<T> {
  if (!req.is('application/json')) throw new ApiError(415, 'UnsupportedMediaType', 'Send JSON (Content-Type: application/json).');
  const result = schema.safeParse(req.body ?? {});
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((i) => i.path.join('.') || 'body'))];
    throw new ApiError(400, 'BadRequest', `Check these fields: ${fields.join(', ')}.`);
  }
  return result.data;
}

/** True when the text holds control characters (tabs and line breaks allowed when `multiline`). */
export function hasControlCharacters(text: string, multiline = false): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if ((code < 32 || code === 127) && !(multiline && (code === 9 || code === 10 || code === 13))) return true;
  }
  return false;
}

/** Handoff and user ids (UUIDs). */
export const isId = (value: string): boolean => /^[A-Za-z0-9_-]{1,100}$/.test(value);
/** Directory ids are "<dataset>:<the source's own id>", so looser. */
export const isDirectoryId = (value: string): boolean => value.length > 0 && value.length <= 300 && !hasControlCharacters(value);

/** A path parameter that looks like an id (404 otherwise: ids are never echoed). */
export function idParam(req: Request, name = 'id', valid = isId): string {
  const value = (req.params as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || !valid(value)) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
  return value;
}

/** A query string value, if given once. */
export function queryValue(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown> | undefined)?.[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new ApiError(400, 'BadRequest', `Give ${name} once.`);
  return value;
}

/** The client's address for rate limiting (the socket's: a forwarded header could be forged). */
export { clientAddress } from '../channels/clientAddress';
