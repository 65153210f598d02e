/**
 * The directory, for link workers to check and correct:
 *   GET   /api/console/directory?q=&need=&offset=&limit=   services by name (and need), alphabetical, paged
 *   GET   /api/console/directory/{id}                      one service
 *   PATCH /api/console/directory/{id} {fields}             correct a service (audited)
 *   POST  /api/console/directory/{id}/mark {kind, note?}    mark it not-suitable (lowered in matching), closed or
 *                                                           wrong-number (left out of matching), with who and when (audited)
 *   DELETE /api/console/directory/{id}/mark                 clear the mark (audited)
 * Fields can be changed, not removed (the repository's update sets values).
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { isNeedId } from '../../services/needs/taxonomy';
import type { DirectoryService } from '../../services/directory/DirectoryService';
import { restrictionsOfService } from '../../services/directory/matching/restrictions';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, hasControlCharacters, idParam, isDirectoryId, queryValue, readBody, route, sendJson } from '../http';
import { serviceView } from './views';

/** Directories are small (hundreds to a few thousand services): searched by name in memory. */
const SEARCH_CAP = 20_000;

const line = (max: number) => z.string().trim().min(1).max(max).refine((t) => !hasControlCharacters(t), 'has control characters');
const paragraph = (max: number) => z.string().trim().min(1).max(max).refine((t) => !hasControlCharacters(t, true), 'has control characters');
const age = z.number().int().min(0).max(120);
const correction = z
  .object({
    name: line(200),
    organisation: line(200),
    description: paragraph(4000),
    phone: line(40),
    email: z.string().trim().max(254).email(),
    url: z.string().trim().max(500).url().refine((u) => /^https?:\/\//i.test(u), 'must be http or https'),
    openingText: paragraph(1000),
    howToAccess: paragraph(1000),
    notes: paragraph(4000),
    fees: paragraph(1000),
    referral: paragraph(1000),
    free: z.boolean(),
    needs: z.array(z.string().refine(isNeedId, 'is not a known need')).min(1).max(20),
    eligibility: z.object({ minAge: age.optional(), maxAge: age.optional(), description: paragraph(1000).optional() }).strict(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'change at least one field');

function parsePaging(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ApiError(400, 'BadRequest', `Paging values are whole numbers from 0 to ${max}.`);
  return n;
}

const markRequest = z.object({ kind: z.enum(['not-suitable', 'closed', 'wrong-number']), note: paragraph(1000).optional() }).strict();

const matches = (s: DirectoryService, q: string) => [s.name, s.organisation ?? '', s.description].some((field) => field.toLowerCase().includes(q));

export function registerDirectoryRoutes(server: Server, ctx: ConsoleContext): void {
  const { logger, sessions, directory } = ctx;

  server.get('/api/console/directory', route(ctx, async (req, res) => {
    await requireCaller(sessions, req);
    const q = (queryValue(req, 'q') ?? '').trim().toLowerCase().slice(0, 100);
    const need = queryValue(req, 'need');
    if (need !== undefined && !isNeedId(need)) throw new ApiError(400, 'BadRequest', 'need is not a known need.');
    const offset = parsePaging(queryValue(req, 'offset'), 0, SEARCH_CAP);
    const limit = parsePaging(queryValue(req, 'limit'), 25, 100);
    const all = await directory.search({ needs: need ? [need] : undefined, limit: SEARCH_CAP });
    const found = q ? all.filter((s) => matches(s, q)) : all;
    sendJson(res, 200, { total: found.length, offset, limit, services: found.slice(offset, offset + limit).map(serviceView) });
  }));

  server.get('/api/console/directory/:id', route(ctx, async (req, res) => {
    await requireCaller(sessions, req);
    const service = await directory.get(idParam(req, 'id', isDirectoryId));
    if (!service) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
    sendJson(res, 200, { service: serviceView(service) });
  }));

  server.patch('/api/console/directory/:id', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req, 'id', isDirectoryId);
    const patch = readBody(req, correction);
    const { eligibility, ...rest } = patch;
    const current = await directory.get(id);
    if (!current) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
    // Who it is for is judged from the words: when a link worker changes them, the restrictions are found again.
    const merged: DirectoryService = { ...current, ...rest, eligibility: { ...current.eligibility, ...eligibility, restrictions: undefined } };
    const wordsChanged = Boolean(eligibility?.description !== undefined || rest.notes !== undefined || rest.referral !== undefined || rest.description !== undefined);
    const restrictions = wordsChanged ? restrictionsOfService(merged) : current.eligibility.restrictions;
    const newEligibility = { ...current.eligibility, ...eligibility, ...(restrictions ? { restrictions } : {}) };
    if (wordsChanged && restrictions?.length === 0) delete newEligibility.restrictions;
    const updated = await directory.update(id, { ...rest, ...(eligibility || wordsChanged ? { eligibility: newEligibility } : {}) });
    await ctx.audit.append({ actor: worker.id, action: `update-service:${Object.keys(patch).sort().join(',')}`, recordType: 'directory-service', recordId: id });
    logger.info({ event: 'directory-corrected', service: id, user: worker.id, fields: Object.keys(patch) }, 'directory service corrected');
    sendJson(res, 200, { service: serviceView(updated) });
  }));

  server.post('/api/console/directory/:id/mark', route(ctx, async (req, res) => {
    const { worker, user } = await requireCaller(sessions, req);
    const id = idParam(req, 'id', isDirectoryId);
    const { kind, note } = readBody(req, markRequest);
    if (!(await directory.get(id))) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
    const updated = await directory.update(id, { mark: { kind, by: worker.id, byName: user.firstName, at: new Date().toISOString(), ...(note ? { note } : {}) } });
    await ctx.audit.append({ actor: worker.id, action: `mark-service:${kind}`, recordType: 'directory-service', recordId: id });
    logger.info({ event: 'directory-marked', service: id, user: worker.id, kind }, 'directory service marked');
    sendJson(res, 200, { service: serviceView(updated) });
  }));

  server.del('/api/console/directory/:id/mark', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req, 'id', isDirectoryId);
    if (!(await directory.get(id))) throw new ApiError(404, 'NotFound', 'There is nothing here with that id.');
    const updated = await directory.update(id, { mark: null });
    await ctx.audit.append({ actor: worker.id, action: 'clear-service-mark', recordType: 'directory-service', recordId: id });
    logger.info({ event: 'directory-mark-cleared', service: id, user: worker.id }, 'directory service mark cleared');
    sendJson(res, 200, { service: serviceView(updated) });
  }));
}
