/**
 * The link worker's queue and conversations:
 *   GET  /api/console/handoffs?status=waiting|active|closed     the queue (urgent first, then oldest), each with the
 *                                                               person's first name and age, channel in words, risk,
 *                                                               needs and the wait against the first-reply target
 *   POST /api/console/handoffs/claim-next                       claim whoever is next in line (204 when nobody waits)
 *   GET  /api/console/handoffs/{id}                             one handoff: referral, needs, services, transcript, notes
 *   POST /api/console/handoffs/{id}/claim                       409 if someone else has it
 *   POST /api/console/handoffs/{id}/messages {text, via?}       reply to the patient in their channel (via "sms": by text, when they agreed)
 *   POST /api/console/handoffs/{id}/notes {text}                a private note
 *   POST /api/console/handoffs/{id}/close {outcome, detail?}    end it and tell the patient
 *   POST /api/console/handoffs/{id}/release                     back to the queue for someone else
 *   POST /api/console/handoffs/{id}/transfer {to}               pass it to a colleague (holder or admin); the person is told
 * Every view is audited (by the handoff service, and here for the referral: one entry per referral read for the queue).
 * History, search and saved replies are in historyRoutes.ts and replyRoutes.ts.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import type { HandoffOutcome, HandoffStatus } from '../../services/handoff/Handoff';
import { MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH } from '../../services/handoff/HandoffService';
import { OUTCOMES } from '../../services/handoff/outcomes';
import { requireCaller, workerOf } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, hasControlCharacters, idParam, queryValue, readBody, route, sendJson } from '../http';
import { handoffDetail, namesOf, queueItem } from './views';

const STATUSES: HandoffStatus[] = ['waiting', 'active', 'closed'];
/** Words, not just spaces; control characters other than line breaks refused. */
const words = (max: number) => z.string().max(max).refine((t) => t.trim().length > 0, 'must not be empty').refine((t) => !hasControlCharacters(t, true), 'has control characters');
const textBody = (max: number) => z.object({ text: words(max) });
const replyBody = z.object({ text: words(MAX_MESSAGE_LENGTH), via: z.enum(['sms']).optional() });
const transferBody = z.object({ to: z.string().min(1).max(100) });
const closeBody = z.object({ outcome: z.enum(OUTCOMES as [HandoffOutcome, ...HandoffOutcome[]]), detail: z.string().max(500).optional() });

export function registerHandoffRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions, handoffs } = ctx;
  const names = async () => namesOf(await ctx.users.list());

  server.get('/api/console/handoffs', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const status = (queryValue(req, 'status') ?? 'waiting') as HandoffStatus;
    if (!STATUSES.includes(status)) throw new ApiError(400, 'BadRequest', `status must be one of: ${STATUSES.join(', ')}.`);
    const [list, known] = await Promise.all([handoffs.list(status, worker), names()]);
    // First name and age come from each referral: reading them for the queue is audited like opening one.
    const referrals = await Promise.all(list.map((h) => (h.referralReference ? ctx.referrals.get(h.referralReference) : null)));
    // One entry per referral, so "who looked at this referral" finds them all.
    for (const r of referrals) if (r) await ctx.audit.append({ actor: worker.id, action: 'view-referral-summary', recordType: 'referral', recordId: r.reference });
    const now = ctx.now();
    const firstReplyTargetMs = ctx.firstReplyTargetMs;
    sendJson(res, 200, { status, now, firstReplyTargetMs, handoffs: list.map((h, i) => queueItem(h, known, now, { referral: referrals[i], firstReplyTargetMs, replyMinutes: ctx.replyMinutes })) });
  }));

  server.post('/api/console/handoffs/claim-next', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const claimed = await handoffs.claimNext(worker);
    if (!claimed) return sendJson(res, 204);
    sendJson(res, 200, { handoff: queueItem(claimed, await names(), ctx.now()) });
  }));

  server.get('/api/console/handoffs/:id', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const handoff = await handoffs.view(idParam(req), worker);
    const referral = handoff.referralReference ? await ctx.referrals.get(handoff.referralReference) : null;
    if (referral) await ctx.audit.append({ actor: worker.id, action: 'view-referral', recordType: 'referral', recordId: referral.reference });
    const serviceIds = referral?.servicesOffered ?? [];
    const services = await Promise.all(serviceIds.map((id) => ctx.directory.get(id)));
    sendJson(res, 200, handoffDetail(handoff, await names(), ctx.now(), { referral, services, serviceIds, firstReplyTargetMs: ctx.firstReplyTargetMs, replyMinutes: ctx.replyMinutes }));
  }));

  server.post('/api/console/handoffs/:id/claim', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const claimed = await handoffs.claim(idParam(req), worker);
    sendJson(res, 200, { handoff: queueItem(claimed, await names(), ctx.now()) });
  }));

  server.post('/api/console/handoffs/:id/messages', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req);
    const { text, via } = readBody(req, replyBody);
    const entry = await handoffs.reply(id, worker, text, via ? { via } : {});
    sendJson(res, 201, { entry: { from: entry.from, text: entry.text, at: entry.at, channel: entry.channel ?? null, worker: { id: worker.id, firstName: worker.firstName } } });
  }));

  server.post('/api/console/handoffs/:id/notes', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req);
    const { text } = readBody(req, textBody(MAX_NOTE_LENGTH));
    const note = await handoffs.addNote(id, worker, text);
    sendJson(res, 201, { note: { text: note.text, at: note.at, worker: { id: worker.id, firstName: worker.firstName } } });
  }));

  server.post('/api/console/handoffs/:id/close', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req);
    const { outcome, detail } = readBody(req, closeBody);
    const { handoff, patientTold } = await handoffs.close(id, worker, { type: outcome, detail });
    sendJson(res, 200, { handoff: queueItem(handoff, await names(), ctx.now()), patientTold });
  }));

  server.post('/api/console/handoffs/:id/transfer', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req);
    const { to } = readBody(req, transferBody);
    const colleague = await ctx.users.get(to);
    if (!colleague || colleague.disabled) throw new ApiError(400, 'BadRequest', 'No such colleague, or their account is disabled.');
    const transferred = await handoffs.transfer(id, worker, workerOf(colleague));
    sendJson(res, 200, { handoff: queueItem(transferred, await names(), ctx.now()) });
  }));

  server.post('/api/console/handoffs/:id/release', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const released = await handoffs.release(idParam(req), worker);
    sendJson(res, 200, { handoff: queueItem(released, await names(), ctx.now()) });
  }));
}
