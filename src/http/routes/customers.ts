/**
 * /customers: translation between HTTP and the customer service, nothing more.
 * POST and PATCH attach schema errors instead of failing fast, so the service can report them
 * together with the rules a schema cannot express: one response lists every failing field.
 */
import type { FastifyRequest } from 'fastify';
import type { App } from '../typed-app.ts';
import type { FieldError } from '../../domain/errors.ts';
import { customerExists, type CustomerService, type PreparedCreate } from '../../services/customers.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import type { NewClaim } from '../../store/repositories/idempotency-keys.ts';
import type { Customer } from '../../schemas/customer.ts';
import { handlePost, type Answer } from '../post.ts';
import { CreateCustomerBody, CustomerIdParams, CustomerPageResponse, ListCustomersQuery, UpdateCustomerBody } from '../../schemas/customer.ts';
import { problemResponses } from '../../schemas/common.ts';
import { Type } from 'typebox';

const tags = ['Customers'];

const readsLms = (body: unknown) => typeof body === 'object' && body !== null && (body as { sync?: unknown }).sync === true;

/** The answer to a create: 201 with the customer, and where to find it. */
function created(customer: Customer): Answer {
  return { status: 201, body: customer, headers: { location: `/customers/${encodeURIComponent(customer.id)}` } };
}
const security = [{ apiKey: [] }];

/** Schema errors of the body, to be reported with the service's; other parts' errors are thrown. */
export function bodySchemaErrors(request: FastifyRequest): FieldError[] {
  const error = request.validationError as (Error & { validation?: FieldError[]; validationContext?: string }) | undefined;
  if (!error) return [];
  if (error.validationContext !== 'body') throw error;
  return error.validation ?? [];
}

/**
 * Trims the body's top-level strings before validation, so "  CA " meets the same length limits
 * as "CA". Nested values (externalMetadata) are stored exactly as sent.
 */
export async function trimTopLevelStrings(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
  const record = body as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) if (typeof value === 'string') record[key] = value.trim();
}

export function customerRoutes(app: App, customers: CustomerService, idempotency: IdempotencyService): void {
  app.post(
    '/customers',
    {
      attachValidation: true,
      preValidation: trimTopLevelStrings,
      schema: {
        tags,
        security,
        summary: 'Create a customer',
        description:
          "Adds a borrower to your company, plans its call schedule in the same transaction, and returns it as stored. Send an Idempotency-Key header to make retries safe. Without `sync`, the fields id, taskType, firstName, lastName, phoneNumber, timezone, streetAddress1, city, state and zipCode are required. Every invalid field is reported in one 400 response. The same id twice in your company is a 409. With `sync: true` only id and taskType are required: the rest is read from your company's loan management system (id is the customer's id there; loanId, if given, must be one of their loans), values you send win, the timezone is derived from the ZIP code when missing, and loans are imported (only loanIds when given). LMS failures: 400 lms_not_configured, 404 lms_customer_not_found / lms_loan_not_found, 502 lms_upstream_error / lms_auth_failed, 503 lms_rate_limited (with Retry-After), 504 lms_timeout; nothing is saved.",
        body: CreateCustomerBody,
        // 404, 502, 503 and 504 come from sync: true (the LMS did not find, failed, throttled or timed out).
        response: { 201: Type.Ref('Customer'), ...problemResponses(400, 401, 404, 409, 413, 415, 502, 503, 504) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () => customers.prepareCreate(request.principal.companyId, { body: request.body, schemaErrors: bodySchemaErrors(request) }),
        commit: async (prepared) => {
          const result = await customers.commitCreate(prepared);
          if (result.outcome !== 'created') throw customerExists();
          return created(result.customer);
        },
        // A create with sync: true reads the LMS while preparing: its key is looked up before that.
        ...(readsLms(request.body)
          ? {}
          : {
              claiming: {
                answer: (prepared: PreparedCreate) => created(prepared.customer),
                commitClaiming: async (prepared: PreparedCreate, claim: NewClaim) => (await customers.commitCreate(prepared, claim)).outcome === 'created',
              },
            }),
      }),
  );

  app.get(
    '/customers',
    {
      schema: {
        tags,
        security,
        summary: 'List customers',
        description:
          'Your customers, oldest first, a page at a time. Filter test customers with test=true (or real ones with test=false), by taskType, by doNotCall or by stopped (calls stopped by a recorded call flag). search finds customers by the start of their id or name, or by phone number. Follow nextCursor while hasMore is true.',
        querystring: ListCustomersQuery,
        response: { 200: CustomerPageResponse, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const query = request.query;
      return customers.list(request.principal.companyId, query);
    },
  );

  app.get(
    '/customers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get a customer',
        params: CustomerIdParams,
        response: { 200: Type.Ref('Customer'), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      return customers.get(request.principal.companyId, id);
    },
  );

  app.patch(
    '/customers/:id',
    {
      attachValidation: true,
      preValidation: trimTopLevelStrings,
      schema: {
        tags,
        security,
        summary: 'Change a customer',
        description:
          'Changes only the fields sent, with the same rules as creation; null clears an optional field. The id never changes. The change is on the audit trail (GET /audit-events): the key, the time and the names of the fields sent.',
        params: CustomerIdParams,
        body: UpdateCustomerBody,
        response: { 200: Type.Ref('Customer'), ...problemResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request) => {
      const { id } = request.params;
      return customers.update(
        request.principal.companyId,
        id,
        { body: request.body, schemaErrors: bodySchemaErrors(request) },
        { keyId: request.principal.keyId },
      );
    },
  );

  app.delete(
    '/customers/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a customer',
        description:
          "Deletes the customer, its loan links and its pending calls. Its recorded calls and consent history are kept for the retention Regulation F sets (12 CFR 1006.100: three years after the last activity), and a customer created again with the same id inherits them: its plan counts those calls, and the consumer's revocations and stops still hold.",
        params: CustomerIdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...problemResponses(401, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await customers.delete(request.principal.companyId, id, { keyId: request.principal.keyId });
      return reply.code(204).send(null);
    },
  );
}
