/**
 * A referral as an HL7 FHIR R4 Bundle (ServiceRequest and Patient), for admins, and for a link worker who holds or
 * held a handoff behind that referral:
 *   GET /api/console/referrals/{reference}/fhir     a download (application/fhir+json)
 * 403 NotYours for other link workers; 409 ExportRefused when the referral has no consent recorded. Every export is
 * audited ("export-fhir"), and so is every refusal and every miss (a guessed reference).
 */
import type { Server } from 'restify';
import { ExportRefusedError, toFhirBundle } from '../../services/interop/fhir';
import { NotFoundError } from '../../services/referrals/ReferralRepository';
import { requireCaller } from '../auth/guard';
import type { ConsoleContext } from '../ConsoleContext';
import { ApiError, apiHeaders, idParam, route } from '../http';

export function registerFhirRoutes(server: Server, ctx: ConsoleContext): void {
  const { sessions } = ctx;

  server.get('/api/console/referrals/:reference/fhir', route(ctx, async (req, res) => {
    const { worker } = await requireCaller(sessions, req);
    const reference = idParam(req, 'reference');
    const refuse = async (action: string, error: Error): Promise<never> => {
      await ctx.audit.append({ actor: worker.id, action, recordType: 'referral', recordId: reference });
      throw error;
    };
    const referral = await ctx.referrals.get(reference);
    if (!referral) return refuse('export-fhir-missing', new NotFoundError('Referral', reference));
    if (!worker.supervisor && referral.claimedBy !== worker.id && !(await ctx.handoffs.heldReferral(reference, worker))) {
      return refuse('export-fhir-refused', new ApiError(403, 'NotYours', 'You can export a referral only from a conversation you have picked up.'));
    }
    let bundle;
    try {
      bundle = toFhirBundle(referral, { identifierBase: ctx.fhirIdentifierBase, exportedAt: ctx.now() });
    } catch (error) {
      if (error instanceof ExportRefusedError) return refuse('export-fhir-refused', new ApiError(409, 'ExportRefused', 'This referral has no consent recorded, so it cannot be exported.'));
      throw error;
    }
    await ctx.audit.append({ actor: worker.id, action: 'export-fhir', recordType: 'referral', recordId: referral.reference });
    const body = Buffer.from(JSON.stringify(bundle, null, 2), 'utf8');
    apiHeaders(res);
    res.writeHead(200, {
      'Content-Type': 'application/fhir+json; charset=utf-8',
      'Content-Disposition': `attachment; filename="${referral.reference}.fhir.json"`,
      'Content-Length': body.length,
    });
    res.end(body);
  }));
}
