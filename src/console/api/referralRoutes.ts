/**
 * The referral worklist, beside the live-chat queue (src/services/referrals/ReferralWorklist.ts):
 *   GET  /api/console/referrals?status=new|in-progress|closed    urgent first, then the contact promise that runs out first
 *   GET  /api/console/referrals/{reference}                      one referral: the person, needs, contact attempts
 *   POST /api/console/referrals/{reference}/claim                409 if someone else has it or it is closed
 *   POST /api/console/referrals/{reference}/contacts {channel, reached, note?}   one attempt to contact the person
 *   POST /api/console/referrals/{reference}/close {outcome, detail?}            end it; the person is told by text where they chose text
 * Signed-in link workers; CSRF on every POST; every look and change audited (by the worklist service).
 */
import type { Server } from 'restify';
import { z } from 'zod';
import { CONTACT_CHANNELS, type ContactChannel } from '../../services/referrals/Referral';
import { REFERENCE_PATTERN } from '../../services/referrals/referenceCode';
import { MAX_CONTACT_NOTE_LENGTH, REFERRAL_OUTCOMES, WORKLIST_STATUSES, type ReferralOutcome, type WorklistStatus } from '../../services/referrals/ReferralWorklist';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, hasControlCharacters, idParam, queryValue, readBody, route, sendJson } from '../http';
import { namesOf } from './views';
import { worklistDetail, worklistItem } from './worklistViews';

const note = z.string().max(MAX_CONTACT_NOTE_LENGTH).refine((t) => !hasControlCharacters(t, true), 'has control characters');
const contactBody = z.object({ channel: z.enum(CONTACT_CHANNELS as [ContactChannel, ...ContactChannel[]]), reached: z.boolean(), note: note.optional() });
const closeBody = z.object({ outcome: z.enum(REFERRAL_OUTCOMES as [ReferralOutcome, ...ReferralOutcome[]]), detail: z.string().max(500).refine((t) => !hasControlCharacters(t, false), 'has control characters').optional() });
const isReference = (value: string): boolean => REFERENCE_PATTERN.test(value);

export function registerReferralRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions, worklist } = ctx;
  const names = async () => namesOf(await ctx.users.list());

  server.get('/api/console/referrals', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const status = (queryValue(req, 'status') ?? 'new') as WorklistStatus;
    if (!WORKLIST_STATUSES.includes(status)) throw new ApiError(400, 'BadRequest', `status must be one of: ${WORKLIST_STATUSES.join(', ')}.`);
    const [entries, known] = await Promise.all([worklist.list(status, worker), names()]);
    const now = ctx.now();
    sendJson(res, 200, { status, now, contactWorkingDays: worklist.contactWorkingDays, referrals: entries.map((e) => worklistItem(e, known, now)) });
  }));

  server.get('/api/console/referrals/:reference', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const entry = await worklist.view(idParam(req, 'reference', isReference), worker);
    const ids = entry.referral.servicesOffered;
    const found = await Promise.all(ids.map((id) => ctx.directory.get(id)));
    sendJson(res, 200, worklistDetail(entry, await names(), ctx.now(), { ids, found }));
  }));

  server.post('/api/console/referrals/:reference/claim', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const entry = await worklist.claim(idParam(req, 'reference', isReference), worker);
    sendJson(res, 200, { referral: worklistItem(entry, await names(), ctx.now()) });
  }));

  server.post('/api/console/referrals/:reference/contacts', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const reference = idParam(req, 'reference', isReference);
    const attempt = readBody(req, contactBody);
    const entry = await worklist.recordContact(reference, worker, attempt);
    sendJson(res, 201, { referral: worklistItem(entry, await names(), ctx.now()) });
  }));

  server.post('/api/console/referrals/:reference/close', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const reference = idParam(req, 'reference', isReference);
    const { outcome, detail } = readBody(req, closeBody);
    const { entry, personTold } = await worklist.close(reference, worker, { type: outcome, detail });
    sendJson(res, 200, { referral: worklistItem(entry, await names(), ctx.now()), personTold });
  }));
}
