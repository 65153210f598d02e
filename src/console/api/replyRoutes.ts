/**
 * Canned replies the team shares (issue 18 item 6). Any signed-in worker lists, uses and adds them; only the author or
 * an admin changes or deletes one (403 otherwise). Changes need the CSRF token and are audited.
 *   GET    /api/console/replies[?handoff={id}]          every reply, by title; with a handoff, each filled in for that
 *                                                      person ({firstName}, {workerName}, {reference}) as `filled`
 *   POST   /api/console/replies {title, text}           add one (201)
 *   PATCH  /api/console/replies/{id} {title?, text?}    change one (author or admin)
 *   DELETE /api/console/replies/{id}                    delete one (author or admin; 204)
 * A placeholder that is not known ("{fristName}") is refused with the list of those that are.
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { fillReply, MAX_REPLY_TEXT, MAX_REPLY_TITLE, PLACEHOLDERS, unknownPlaceholders, type CannedReply } from '../../services/replies/CannedReplies';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { requireCaller, type Caller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, hasControlCharacters, idParam, isId, queryValue, readBody, route, sendJson } from '../http';
import { namesOf, personAtAGlance } from './views';

const title = z.string().max(MAX_REPLY_TITLE).refine((t) => t.trim().length > 0, 'must not be empty').refine((t) => !hasControlCharacters(t), 'has control characters');
const text = z.string().max(MAX_REPLY_TEXT).refine((t) => t.trim().length > 0, 'must not be empty').refine((t) => !hasControlCharacters(t, true), 'has control characters');
const newBody = z.object({ title, text }).strict();
const changeBody = z.object({ title, text }).partial().strict().refine((b) => Object.keys(b).length > 0, 'change at least one field');

function checkPlaceholders(value: string | undefined): void {
  const unknown = value ? unknownPlaceholders(value) : [];
  if (unknown.length) throw new ApiError(400, 'BadRequest', `Unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}. Use ${Object.keys(PLACEHOLDERS).map((n) => `{${n}}`).join(', ')}.`);
}

function mayChange(caller: Caller, reply: CannedReply): void {
  if (caller.user.role !== 'admin' && reply.createdBy !== caller.user.id) throw new ApiError(403, 'Forbidden', 'Only the person who wrote this reply, or an admin, can change or delete it.');
}

export function registerReplyRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions } = ctx;
  const replies = () => ctx.cannedReplies;
  const view = (reply: CannedReply, names: Map<string, string>, caller: Caller, filled?: string) => ({
    id: reply.id,
    title: reply.title,
    text: reply.text,
    ...(filled !== undefined ? { filled } : {}),
    createdBy: { id: reply.createdBy, firstName: names.get(reply.createdBy) ?? 'Unknown' },
    updatedAt: reply.updatedAt,
    canChange: caller.user.role === 'admin' || reply.createdBy === caller.user.id,
  });

  server.get('/api/console/replies', route(ctx, async (req, res) => {
    const caller = await requireCaller(sessions, req);
    const handoffId = queryValue(req, 'handoff');
    const [list, names] = await Promise.all([replies().list(), ctx.users.list().then(namesOf)]);
    if (handoffId === undefined) return sendJson(res, 200, { replies: list.map((r) => view(r, names, caller)), placeholders: placeholderList() });
    // Filling in for one person reads their referral: as audited as opening the conversation.
    const handoff = await ctx.handoffs.view(idParamValue(handoffId), caller.worker);
    const referral = handoff.referralReference ? await ctx.referrals.get(handoff.referralReference) : null;
    if (referral) await ctx.audit.append({ actor: caller.user.id, action: 'fill-replies', recordType: 'referral', recordId: referral.reference });
    const values = { firstName: personAtAGlance(referral, ctx.now())?.firstName, workerName: caller.user.firstName, reference: referral?.reference };
    sendJson(res, 200, { replies: list.map((r) => view(r, names, caller, fillReply(r.text, values))), placeholders: placeholderList() });
  }));

  server.post('/api/console/replies', route(ctx, async (req, res) => {
    const caller = await requireCaller(sessions, req);
    const body = readBody(req, newBody);
    checkPlaceholders(body.text);
    const created = await replies().create({ title: body.title.trim(), text: body.text, createdBy: caller.user.id });
    await ctx.audit.append({ actor: caller.user.id, action: 'add-reply', recordType: 'canned-reply', recordId: created.id });
    sendJson(res, 201, { reply: view(created, namesOf(await ctx.users.list()), caller) });
  }));

  server.patch('/api/console/replies/:id', route(ctx, async (req, res) => {
    const caller = await requireCaller(sessions, req);
    const id = idParam(req);
    const change = readBody(req, changeBody);
    checkPlaceholders(change.text);
    const found = await replies().get(id);
    if (!found) throw new NotFoundError('Canned reply', id);
    mayChange(caller, found);
    const updated = await replies().update(id, { ...(change.title !== undefined ? { title: change.title.trim() } : {}), ...(change.text !== undefined ? { text: change.text } : {}), updatedBy: caller.user.id });
    await ctx.audit.append({ actor: caller.user.id, action: `change-reply:${Object.keys(change).sort().join(',')}`, recordType: 'canned-reply', recordId: id });
    sendJson(res, 200, { reply: view(updated, namesOf(await ctx.users.list()), caller) });
  }));

  server.del('/api/console/replies/:id', route(ctx, async (req, res) => {
    const caller = await requireCaller(sessions, req);
    const id = idParam(req);
    const found = await replies().get(id);
    if (!found) throw new NotFoundError('Canned reply', id);
    mayChange(caller, found);
    await replies().delete(id);
    await ctx.audit.append({ actor: caller.user.id, action: 'delete-reply', recordType: 'canned-reply', recordId: id });
    sendJson(res, 204);
  }));
}

const placeholderList = () => Object.entries(PLACEHOLDERS).map(([name, p]) => ({ name: `{${name}}`, description: p.description }));

/** A handoff id from the query string (404 for anything that is not one: never echoed). */
function idParamValue(value: string): string {
  if (!isId(value)) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
  return value;
}
