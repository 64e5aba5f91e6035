/**
 * `POST /customers/batch` (asynchronous: 202 with a job id), the job's status with every item's
 * result, cancelling it; and `POST /scheduled-calls/{customerId}`, a new schedule of a type.
 */
import { Type } from 'typebox';
import { ValidationError } from '../../domain/errors.ts';
import type { App } from '../typed-app.ts';
import type { BatchJobService } from '../../services/batch-jobs.ts';
import type { CustomerService } from '../../services/customers.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import type { ScheduleService } from '../../services/schedules.ts';
import { handlePost } from '../post.ts';
import { bodySchemaErrors } from './customers.ts';
import { problemResponses } from '../../schemas/common.ts';
import {
  BatchAcceptedResponse,
  BatchBody,
  BatchJobParams,
  BatchJobQuery,
  BatchJobResponse,
  MAX_BATCH_BYTES,
  ScheduledCallsBody,
  ScheduledCallsParams,
} from '../../schemas/batch.ts';

const security = [{ apiKey: [] }];

export function batchRoutes(app: App, batches: BatchJobService, customers: CustomerService, schedules: ScheduleService, idempotency: IdempotencyService): void {
  app.post(
    '/customers/batch',
    {
      bodyLimit: MAX_BATCH_BYTES,
      attachValidation: true,
      schema: {
        tags: ['Customers'],
        security,
        summary: 'Create customers in bulk (asynchronous)',
        description: `Accepts up to 10,000 customers (${MAX_BATCH_BYTES / 1024 / 1024} MiB) and answers 202 with a job id at once. The job validates every item exactly as POST /customers would, then creates the valid ones with their schedules in chunks; each item succeeds or fails on its own. Poll GET /customers/batch/{jobId}; a batch.completed webhook tells you when it is done. With an Idempotency-Key, sending the same batch again returns the same job; without one, items whose id already exists fail as existing, so no customer is ever duplicated.`,
        body: BatchBody,
        response: { 202: BatchAcceptedResponse, ...problemResponses(400, 401, 409, 413, 415, 422) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: async () => {
          // Path and query problems answer 400 as everywhere; the envelope is the service's to check.
          bodySchemaErrors(request);
          return batches.prepare(request.principal.companyId, request.body);
        },
        commit: async (prepared) => ({ status: 202, body: await batches.commit(prepared) }),
      }),
  );

  app.get(
    '/customers/batch/:jobId',
    {
      schema: {
        tags: ['Customers'],
        security,
        summary: 'A batch job: its state, counts, and each item’s result',
        description:
          'Results are paged in item order: pass nextCursor as cursor. A successful item carries the customer as stored; a failed one its message and field errors.',
        params: BatchJobParams,
        querystring: BatchJobQuery,
        response: { 200: BatchJobResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) =>
      batches.get(request.principal.companyId, request.params.jobId, {
        ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
        ...(request.query.limit !== undefined ? { limit: request.query.limit } : {}),
      }),
  );

  app.post(
    '/customers/batch/:jobId/cancel',
    {
      schema: {
        tags: ['Customers'],
        security,
        summary: 'Cancel a batch job',
        description: 'Items without a result are never processed; customers already created stay. 409 when the job has finished.',
        params: BatchJobParams,
        response: { 200: BatchJobResponse, ...problemResponses(401, 404, 409) },
      },
    },
    async (request) => batches.cancel(request.principal.companyId, request.params.jobId),
  );

  app.post(
    '/scheduled-calls/:customerId',
    {
      attachValidation: true,
      schema: {
        tags: ['Schedules'],
        security,
        summary: 'Create a new schedule of a type for a customer',
        description:
          "Makes scheduleType the customer's task type and builds its schedule, retiring the active one (pending attempts are replaced; requested callbacks stay). Answers the planned calls with their times and statuses.",
        params: ScheduledCallsParams,
        body: ScheduledCallsBody,
        response: { 201: Type.Array(Type.Ref('Task')), ...problemResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { customerId } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      try {
        await customers.update(
          request.principal.companyId,
          customerId,
          { body: { taskType: body.scheduleType }, schemaErrors: bodySchemaErrors(request) },
          { keyId: request.principal.keyId },
        );
      } catch (error) {
        // The update speaks of the customer's taskType; this request's field is scheduleType.
        if (error instanceof ValidationError)
          throw new ValidationError(error.errors.map((e) => (e.pointer === '/taskType' ? { ...e, pointer: '/scheduleType' } : e)));
        throw error;
      }
      return reply.code(201).send(await schedules.listTasks(request.principal.companyId, customerId, 'scheduled'));
    },
  );
}
