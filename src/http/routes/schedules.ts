/** Schedule sync, a customer's scheduled calls, and an operator's stop, resume and rebuild of them. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { CustomerService } from '../../services/customers.ts';
import type { ScheduleService } from '../../services/schedules.ts';
import type { ScheduleAction, ScheduleControlService } from '../../services/schedule-control.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CreateCustomerBody, CustomerIdParams, CustomerResponse } from '../../schemas/customer.ts';
import { ScheduleSyncFields, TaskListQuery } from '../../schemas/schedule.ts';
import { bodySchemaErrors, trimTopLevelStrings } from './customers.ts';

const security = [{ apiKey: [] }];

const ScheduleSyncResponse = Type.Object({ ...CustomerResponse.properties, ...ScheduleSyncFields });

const ScheduleActionResponse = Type.Object({
  ...CustomerResponse.properties,
  ...ScheduleSyncFields,
  notPlannedBecause: Type.Optional(Type.String({ description: 'Why nothing is planned, when nothing is: do not call, calls stopped, no phone number…' })),
});

const SCHEDULE_ACTIONS: ReadonlyArray<{ action: ScheduleAction; summary: string; description: string }> = [
  {
    action: 'stop',
    summary: "Stop a customer's schedule",
    description:
      'Nothing is planned or dialled for the customer until the schedule is resumed: every pending attempt, requested callbacks included, is cancelled with the reason, and a call already ringing finishes. Any change that would rebuild the plan (a PATCH, a sync, a recorded call) plans nothing while it is stopped. scheduleStoppedAt on the customer says since when. Stopping a stopped schedule changes nothing. On the audit trail (schedule.stopped) with the key that did it.',
  },
  {
    action: 'resume',
    summary: "Resume a customer's stopped schedule",
    description:
      "Lifts an operator's stop and plans the schedule anew from now (callbacks still pending stay, re-checked). It lifts nothing else: a customer who is doNotCall, whose calls a recorded call stopped (stopReason) or whose consent was revoked stays unplanned, and notPlannedBecause says why. On the audit trail (schedule.resumed).",
  },
  {
    action: 'rebuild',
    summary: "Rebuild a customer's schedule",
    description:
      "Replaces the pending attempts with a fresh plan from the customer's task type, the recorded calls and now, as a schedule sync does without changing any field; requested callbacks stay, re-checked. A stopped schedule stays stopped (nothing is planned). On the audit trail (schedule.rebuilt).",
  },
];

export function scheduleRoutes(
  app: App,
  customers: CustomerService,
  schedules: ScheduleService,
  control: ScheduleControlService,
  idempotency: IdempotencyService,
): void {
  for (const { action, summary, description } of SCHEDULE_ACTIONS) {
    app.post(
      `/customers/:id/schedule/${action}`,
      {
        schema: {
          tags: ['Schedules'],
          security,
          summary,
          description,
          params: CustomerIdParams,
          // 400, 413 and 415: a body sent anyway that is not JSON, too large, or of another type.
          response: { 200: ScheduleActionResponse, ...problemResponses(400, 401, 404, 413, 415) },
        },
      },
      async (request, reply) =>
        handlePost(request, reply, idempotency, {
          prepare: () => undefined,
          commit: async () => ({
            status: 200,
            body: await control.apply(request.principal.companyId, request.params.id, action, { keyId: request.principal.keyId }),
          }),
          fingerprinted: { customerId: request.params.id, action },
        }),
    );
  }

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
        commit: async (prepared) => ({ status: 200, body: await customers.commitSync(prepared, { keyId: request.principal.keyId }) }),
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
