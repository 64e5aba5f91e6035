/** Recorded calls: the contact ledger and what it changes. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { CallService } from '../../services/calls.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CallListQuery, CreateCallBody } from '../../schemas/call.ts';
import { bodySchemaErrors } from './customers.ts';

const tags = ['Calls'];
const security = [{ apiKey: [] }];
const CustomerIdParam = Type.Object({ customerId: Type.String({ minLength: 1, maxLength: 255 }) });

export function callRoutes(app: App, calls: CallService, idempotency: IdempotencyService): void {
  app.post(
    '/calls',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Record a call that happened',
        description:
          'Adds the call to the contact ledger the compliance rules count and updates the schedule in the same transaction: DNC marks the customer doNotCall; ATTORNEY_REP, BANKRUPTCY, DECEASED, DEBT_DISPUTE and FRAUD_CLAIM stop the schedule; WRONG_NUMBER retires that number; CALLBACK_REQUEST (which requires callbackAt) adds a consented callback; every remaining scheduled call is re-checked and moved or cancelled as the rules require. The call is on the audit trail (call.recorded: the key, the time and the names of the fields sent). Every invalid field is reported in one 400 and nothing is written; timestamp and callbackAt must not be before 2000-01-01.',
        body: CreateCallBody,
        response: { 201: Type.Ref('Call'), ...problemResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () => calls.prepare(request.principal.companyId, { body: request.body, schemaErrors: bodySchemaErrors(request) }),
        commit: async (prepared) => ({ status: 201, body: await calls.commit(prepared, { keyId: request.principal.keyId }) }),
      }),
  );

  app.get(
    '/calls/customer/:customerId',
    {
      schema: {
        tags,
        security,
        summary: "A customer's calls",
        description: 'Newest first, paged with limit and offset.',
        params: CustomerIdParam,
        querystring: CallListQuery,
        response: { 200: Type.Array(Type.Ref('Call')), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { customerId } = request.params;
      const { limit, offset } = request.query;
      return calls.list(request.principal.companyId, customerId, limit ?? 100, offset ?? 0);
    },
  );
}
