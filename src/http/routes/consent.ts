/** /customers/{id}/consent: the consent ledger, translated between HTTP and the consent service. */
import type { App } from '../typed-app.ts';
import type { ConsentService } from '../../services/consent.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { ConsentResponse, CreateConsentBody } from '../../schemas/consent.ts';
import { CustomerIdParams } from '../../schemas/customer.ts';
import { bodySchemaErrors } from './customers.ts';

const tags = ['Consent'];
const security = [{ apiKey: [] }];

export function consentRoutes(app: App, consent: ConsentService, idempotency: IdempotencyService): void {
  app.get(
    '/customers/:id/consent',
    {
      schema: {
        tags,
        security,
        summary: "A customer's consent history",
        description:
          "Every consent granted or revoked for the customer, oldest recorded first (a recorded call's DNC flag is a revocation), what they add up to per number (AI-voice consent, and callingStopped while the consumer's revocation is in force), and your company's attestation. A deleted customer's history is kept and still answered here (customerExists: false).",
        params: CustomerIdParams,
        response: { 200: ConsentResponse, ...problemResponses(401, 404) },
      },
    },
    async (request) => consent.history(request.principal.companyId, request.params.id),
  );

  app.post(
    '/customers/:id/consent',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Record consent given or revoked',
        description:
          "Appends one event to the customer's consent ledger and applies it in the same transaction: a revocation stops AI-voice calls to the number it names (every number without phoneNumber) and cancels the pending plan; a granted consent needs evidence, and only such a consent, newer than a revocation and not sent as source lender, clears it (the plan is then rebuilt). doNotCall: false never does. Every invalid field is reported in one 400 and nothing is written. A deleted customer's id takes events while its records are kept; an unknown id is a 404.",
        params: CustomerIdParams,
        body: CreateConsentBody,
        response: { 201: ConsentResponse, ...problemResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () =>
          consent.prepare(
            request.principal.companyId,
            request.params.id,
            { body: request.body, schemaErrors: bodySchemaErrors(request) },
            request.principal.keyId,
          ),
        commit: async (prepared) => ({ status: 201, body: await consent.commit(prepared) }),
        fingerprinted: { customerId: request.params.id, body: request.body },
      }),
  );
}
