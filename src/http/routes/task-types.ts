/** A company's task types and their cadences. */
import type { App } from '../typed-app.ts';
import { Type } from 'typebox';
import type { CompanyService } from '../../services/companies.ts';
import { problemResponses } from '../../schemas/common.ts';
import { CadenceSchema, TaskTypeResponse } from '../../schemas/schedule.ts';
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
        summary: "Your company's task types and their cadences",
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
}
