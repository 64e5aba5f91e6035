/**
 * /compliance/check: translation between HTTP and the compliance check service. The body's schema
 * errors are attached, not thrown, so one 400 lists them with the checks a schema cannot make.
 */
import type { App } from '../typed-app.ts';
import type { ComplianceCheckService } from '../../services/compliance-check.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { ComplianceCheckBody, ComplianceCheckResponse } from '../../schemas/compliance.ts';
import { bodySchemaErrors, trimTopLevelStrings } from './customers.ts';

const tags = ['Compliance'];
const security = [{ apiKey: [] }];

export function complianceRoutes(app: App, checks: ComplianceCheckService, idempotency: IdempotencyService): void {
  app.post(
    '/compliance/check',
    {
      attachValidation: true,
      preValidation: trimTopLevelStrings,
      schema: {
        tags,
        security,
        summary: 'May this call be placed at this instant — and if not, when?',
        description: [
          'Checks a proposed AI-voice collection call against every rule Callwise knows: calling hours (08:00–21:00) in every zone the borrower may be in, consumer-designated inconvenient times, Reg F 7-in-7 (both prongs, per debt), the MA, DC, WA, NYC and WV overlays, the TCPA consent gate and landline cap, the Minnesota, Indiana, Mississippi and Montana artificial-voice statutes, do-not-call, and your company policy (buffers, daily cap, minimum gap, Sundays, federal holidays).',
          "With `customerId`, the stored customer's address, stated zone, number, do-not-call flag, stop reasons and recorded calls are used, and this request's facts are added to them; without it, this request's facts are all there is. The policy is the engine defaults, overridden by your company settings, overridden by `policy`.",
          'The answer lists every failed check with its citation, the candidate zones and jurisdictions used, and the exact earliest lawful instant within 30 days. Nothing is stored but, with an Idempotency-Key, the answer itself. Every invalid field is reported in one 400; send an Idempotency-Key to make retries return the same answer.',
        ].join('\n\n'),
        body: ComplianceCheckBody,
        response: { 200: ComplianceCheckResponse, ...problemResponses(400, 401, 404, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () => checks.prepare(request.principal.companyId, { body: request.body, schemaErrors: bodySchemaErrors(request) }),
        commit: async (prepared) => ({ status: 200, body: checks.decide(prepared) }),
      }),
  );
}
