/**
 * A person's history and search across conversations (issue 18 item 9). Both read personal data: a signed-in worker
 * only, and audited (ids, and the kind of search, never what was typed).
 *   GET /api/console/handoffs/{id}/history   this person's earlier referrals and handoffs: matched by the phone number or
 *                                            email in their referral, and by the same person (the same number texting,
 *                                            the same chat); only what the store still holds (RETENTION_DAYS)
 *   GET /api/console/search?q=               conversations by referral reference ("SP-7GYYH"), phone number, email or
 *                                            the start of a first name (2 letters or more); at most 20 people
 */
import type { Server } from 'restify';
import { channelName } from '../../services/channelIds';
import type { Handoff } from '../../services/handoff/Handoff';
import { parseEmail } from '../../services/contact/email';
import { parseUkPhone } from '../../services/contact/ukPhone';
import type { Referral } from '../../services/referrals/Referral';
import { normaliseReference } from '../../services/referrals/referenceCode';
import type { ReferralMatch } from '../../services/referrals/ReferralRepository';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, hasControlCharacters, idParam, queryValue, route, sendJson } from '../http';
import { needViews, personAtAGlance } from './views';

const MAX_RESULTS = 20;
const MAX_PEOPLE = 5;

type SearchKind = 'reference' | 'phone' | 'email' | 'name';

/** What was typed, as one kind of search; undefined when it cannot be any. */
export function searchFor(q: string): { kind: SearchKind; reference?: string; match?: ReferralMatch } | undefined {
  const text = q.trim();
  if (/^sp\b|^sp-?[0-9a-z]{5}$/i.test(text)) {
    const reference = normaliseReference(text);
    if (reference) return { kind: 'reference', reference };
  }
  const email = text.includes('@') ? parseEmail(text) : undefined;
  if (email) return { kind: 'email', match: { contactValue: email } };
  if (/^[+\d][\d\s()-]{6,}$/.test(text)) {
    const phone = parseUkPhone(text);
    return phone ? { kind: 'phone', match: { contactValue: phone } } : undefined;
  }
  if (/^[\p{L}][\p{L}' -]{1,39}$/u.test(text)) return { kind: 'name', match: { namePrefix: text } };
  return undefined;
}

const handoffSummary = (h: Handoff) => ({
  id: h.id,
  status: h.status,
  priority: h.priority,
  channelName: channelName(h.channel),
  referralReference: h.referralReference ?? null,
  createdAt: h.createdAt,
  closedAt: h.closedAt ?? null,
  outcome: h.outcome ?? null,
});

const referralSummary = (r: Referral, now: Date) => ({
  reference: r.reference,
  status: r.status,
  channelName: channelName(r.channel),
  createdAt: r.createdAt,
  person: personAtAGlance(r, now),
  needs: needViews(r.needs ?? []),
  outcome: r.outcome ?? null,
});

export function registerHistoryRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions } = ctx;

  /** Every handoff of these people, newest first, without repeats. */
  const handoffsOf = async (personIds: string[]): Promise<Handoff[]> => {
    const lists = await Promise.all([...new Set(personIds)].slice(0, MAX_PEOPLE).map((p) => ctx.handoffQueue.exportByPerson(p)));
    const byId = new Map(lists.flat().map((h) => [h.id, h]));
    return [...byId.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  };

  server.get('/api/console/handoffs/:id/history', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const id = idParam(req);
    const handoff = await ctx.handoffs.view(id, worker);
    const current = handoff.referralReference ? await ctx.referrals.get(handoff.referralReference) : null;
    const contact = current?.person.contactValue;
    const [byContact, byPerson] = await Promise.all([
      contact ? ctx.referrals.findMatching({ contactValue: contact }, MAX_RESULTS) : Promise.resolve([]),
      ctx.referrals.exportByPerson(handoff.personId),
    ]);
    const referrals = [...new Map([...byContact, ...byPerson].map((r) => [r.reference, r])).values()]
      .filter((r) => r.reference !== current?.reference)
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
      .slice(0, MAX_RESULTS);
    const handoffs = (await handoffsOf([handoff.personId, ...referrals.map((r) => r.personId)])).filter((h) => h.id !== id).slice(0, MAX_RESULTS);
    await ctx.audit.append({ actor: worker.id, action: 'view-history', recordType: 'handoff', recordId: id });
    for (const r of referrals) await ctx.audit.append({ actor: worker.id, action: 'view-history', recordType: 'referral', recordId: r.reference });
    const now = ctx.now();
    sendJson(res, 200, { referrals: referrals.map((r) => referralSummary(r, now)), handoffs: handoffs.map(handoffSummary) });
  }));

  server.get('/api/console/search', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const q = queryValue(req, 'q') ?? '';
    if (q.trim().length < 2 || q.length > 254 || hasControlCharacters(q)) throw new ApiError(400, 'BadRequest', 'Search for a reference (SP-...), a phone number, an email address, or at least 2 letters of a first name.');
    const search = searchFor(q);
    if (!search) throw new ApiError(400, 'BadRequest', 'That does not look like a reference, a UK phone number, an email address or a name.');
    let referrals: Referral[];
    if (search.reference) {
      const found = await ctx.referrals.get(search.reference);
      referrals = found ? [found] : [];
    } else referrals = await ctx.referrals.findMatching(search.match!, MAX_RESULTS);
    const now = ctx.now();
    const results = await Promise.all(referrals.map(async (r) => {
      const handoffs = (await handoffsOf([r.personId])).filter((h) => !h.referralReference || h.referralReference === r.reference);
      return { referral: referralSummary(r, now), handoffs: handoffs.map(handoffSummary) };
    }));
    // What was typed is personal data: the audit keeps its kind and what was shown.
    await ctx.audit.append({ actor: worker.id, action: `search:${search.kind}`, recordType: 'console-search', recordId: String(referrals.length) });
    for (const r of referrals) await ctx.audit.append({ actor: worker.id, action: `search-result:${search.kind}`, recordType: 'referral', recordId: r.reference });
    sendJson(res, 200, { kind: search.kind, results });
  }));
}
