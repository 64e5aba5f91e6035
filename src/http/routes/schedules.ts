/** Schedule sync and a customer's scheduled calls. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { CustomerService } from '../../services/customers.ts';
import type { ScheduleService } from '../../services/schedules.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CreateCustomerBody, CustomerIdParams, CustomerResponse } from '../../schemas/customer.ts';
import { ScheduleSyncFields, TaskListQuery } from '../../schemas/schedule.ts';
import { bodySchemaErrors, trimTopLevelStrings } from './customers.ts';

const security = [{ apiKey: [] }];

const ScheduleSyncResponse = Type.Object({ ...CustomerResponse.properties, ...ScheduleSyncFields });

export function scheduleRoutes(app: App, customers: CustomerService, schedules: ScheduleService, idempotency: IdempotencyService): void {
  app.post(
    '/customers/schedule/sync',
    {
      attachValidation: true,
      preValidation: trimTopLevelStrings,
      schema: {
        tags: ['Schedules'],
        security,
        summary: 'Create or update a customer and rebuild its call schedule',
        description:
          'Upserts the customer (same fields and rules as creation; also required here: email, birthday, ssnLastFour), removes its pending scheduled calls and plans a new schedule from its task type, in one transaction. An omitted doNotCall keeps the stored value. Safe to retry: the same request reaches the same end state.',
        body: CreateCustomerBody,
        // 404, 502, 503 and 504 come from sync: true (see POST /customers).
        response: { 200: ScheduleSyncResponse, ...problemResponses(400, 401, 404, 413, 415, 502, 503, 504) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () => customers.prepareSync(request.principal.companyId, { body: request.body, schemaErrors: bodySchemaErrors(request) }),
        commit: async (prepared) => ({ status: 200, body: await customers.commitSync(prepared) }),
      }),
  );

  app.get(
    '/customers/:id/tasks',
    {
      schema: {
        tags: ['Schedules'],
        security,
        summary: "A customer's scheduled calls",
        description:
          'Every planned attempt, oldest first, with its local time in each candidate zone and the explanation of its placement. Filter with status.',
        params: CustomerIdParams,
        querystring: TaskListQuery,
        response: { 200: Type.Array(Type.Ref('Task')), ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { status } = request.query;
      await customers.requireCustomer(request.principal.companyId, id);
      return schedules.listTasks(request.principal.companyId, id, status);
    },
  );
}
