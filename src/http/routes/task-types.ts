/** A company's task types: their cadences and purposes. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { CompanyService } from '../../services/companies.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CadenceSchema, TaskTypePurposeBody, TaskTypeResponse } from '../../schemas/schedule.ts';
import { bodySchemaErrors } from './customers.ts';

const tags = ['Task types'];
const security = [{ apiKey: [] }];
const NameParam = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) });

export function taskTypeRoutes(app: App, companies: CompanyService): void {
  app.get(
    '/task-types',
    {
      schema: {
        tags,
        security,
        summary: "Your company's task types, their cadences and purposes",
        response: { 200: Type.Array(TaskTypeResponse), ...problemResponses(401) },
      },
    },
    async (request) => companies.taskTypesWithCadence(request.principal.companyId),
  );

  app.put(
    '/task-types/:name/cadence',
    {
      // validateCadence checks everything the schema does and more, reporting every problem at once.
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: "Change a task type's cadence",
        description:
          'Replaces the cadence used for schedules built from now on (existing schedules keep their attempts until rebuilt). An invalid cadence is refused with every problem listed.',
        params: NameParam,
        body: CadenceSchema,
        response: { 200: TaskTypeResponse, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      // attachValidation keeps the body's schema errors for validateCadence, but an invalid path
      // (too long, NUL) must still be refused here rather than reach the database.
      bodySchemaErrors(request);
      const { name } = request.params;
      return companies.setCadence(request.principal.companyId, name, request.body);
    },
  );

  app.put(
    '/task-types/:name/purpose',
    {
      schema: {
        tags,
        security,
        summary: "Change a task type's purpose",
        description:
          'What the calls of this task type are for. Schedules planned from now on, re-checks and every dial-time check use it; pending attempts keep their times until their customer is re-planned or re-checked, and are checked with the new purpose when dialled. `marketing` is refused (422 marketing_not_enabled, naming /purpose) until your company enables marketing calls.',
        params: NameParam,
        body: TaskTypePurposeBody,
        response: { 200: TaskTypeResponse, ...problemResponses(400, 401, 404, 422) },
      },
    },
    async (request) => companies.setPurpose(request.principal.companyId, request.params.name, request.body.purpose),
  );
}
