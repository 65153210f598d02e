/**
 * Admin only: outcome reports for commissioners, for a period of London dates (both included).
 *   GET /api/console/reports?from=YYYY-MM-DD&to=YYYY-MM-DD                 the figures (JSON; see OutcomeReport)
 *   GET /api/console/reports/figures.csv?from=&to=                         the same figures as CSV
 *   GET /api/console/reports/referrals.csv?from=&to=                       de-identified referral rows as CSV
 * Each look or export is audited (the period as the record id: no personal data).
 */
import type { Request, Response, Server } from 'restify';
import { figuresCsv, referralsCsv } from '../../services/reporting/csv';
import { parseReportPeriod, ReportPeriodError, type ReportPeriod } from '../../services/reporting/period';
import { buildOutcomeReport } from '../../services/reporting/report';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, apiHeaders, queryValue, route, sendJson } from '../http';

function periodOf(req: Request): ReportPeriod {
  try {
    return parseReportPeriod(queryValue(req, 'from'), queryValue(req, 'to'));
  } catch (error) {
    if (error instanceof ReportPeriodError) throw new ApiError(400, 'BadRequest', error.message);
    throw error;
  }
}

function sendCsv(res: Response, filename: string, body: string): void {
  apiHeaders(res);
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Content-Length': bytes.length,
  });
  res.end(bytes);
}

export function registerReportRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions, reports } = ctx;

  /** Checks the caller and the period, then audits the look before answering. */
  const prepare = async (req: Request, action: string) => {
    const { user } = await requireCaller(sessions, req, { role: 'admin' });
    const period = periodOf(req);
    await ctx.audit.append({ actor: user.id, action, recordType: 'report', recordId: `${period.fromDate}..${period.toDate}` });
    return period;
  };
  const fileName = (what: string, period: ReportPeriod) => `signpost-${what}-${period.fromDate}-to-${period.toDate}.csv`;

  server.get('/api/console/reports', route(ctx, async (req, res) => {
    const period = await prepare(req, 'view-report');
    sendJson(res, 200, await buildOutcomeReport(reports, period, ctx.now(), { contactWorkingDays: ctx.worklist.contactWorkingDays, firstReplyTargetMs: ctx.firstReplyTargetMs }));
  }));

  server.get('/api/console/reports/figures.csv', route(ctx, async (req, res) => {
    const period = await prepare(req, 'export-report-csv');
    sendCsv(res, fileName('figures', period), figuresCsv(await buildOutcomeReport(reports, period, ctx.now(), { contactWorkingDays: ctx.worklist.contactWorkingDays, firstReplyTargetMs: ctx.firstReplyTargetMs })));
  }));

  server.get('/api/console/reports/referrals.csv', route(ctx, async (req, res) => {
    const period = await prepare(req, 'export-referrals-csv');
    sendCsv(res, fileName('referrals', period), referralsCsv(await reports.deidentifiedReferrals(period)));
  }));
}
