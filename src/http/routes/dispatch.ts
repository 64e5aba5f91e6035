/**
 * Dispatch: the lender's own dialer (claim due, re-checked tasks with their agent context; report
 * each result), pausing and resuming dialling, and a customer's agent context.
 */
import { Type } from 'typebox';
import type { App } from '../typed-app.ts';
import type { DispatchService } from '../../services/dispatch.ts';
import type { IdempotencyService } from '../../services/idempotency.ts';
import { handlePost } from '../post.ts';
import { problemResponses } from '../../schemas/common.ts';
import { ClaimBody, ClaimResponse, DispatchStatusResponse, TaskIdParam, TaskResultBody } from '../../schemas/dispatch.ts';
import { bodySchemaErrors } from './customers.ts';

const tags = ['Dispatch'];
const security = [{ apiKey: [] }];

export function dispatchRoutes(app: App, dispatch: DispatchService, idempotency: IdempotencyService): void {
  app.post(
    '/dispatch/claim',
    {
      schema: {
        tags,
        security,
        summary: 'Claim due calls for your own dialer',
        description:
          "For a company whose dialer is `pull` (callwise dialer configure … pull). Takes up to `limit` due tasks, re-checks each at this instant with the latest customer and call ledger (a task that is not lawful now is moved or skipped with its reason and not returned), and leases the rest to you for `leaseSeconds` with the agent context each call needs. Report every call with POST /dispatch/{taskId}/result (or POST /calls with taskId) before its lease ends; an unreported task returns to the queue. At most one task per customer is out at a time. 409 when the company's calls are placed by a connector.",
        body: ClaimBody,
        response: { 200: ClaimResponse, ...problemResponses(400, 401, 409) },
      },
    },
    async (request) => {
      const { limit = 10, leaseSeconds = 300 } = request.body ?? {};
      return { tasks: await dispatch.claimForCompany(request.principal.companyId, limit, leaseSeconds * 1000) };
    },
  );

  app.post(
    '/dispatch/:taskId/result',
    {
      attachValidation: true,
      schema: {
        tags,
        security,
        summary: 'Report the call placed for a claimed task',
        description:
          'Records the call exactly as POST /calls does (the ledger, flags, re-planning) and completes the task. The customer and, unless given, the number come from the task. Reporting the same task again returns the call already recorded.',
        params: TaskIdParam,
        body: TaskResultBody,
        response: { 201: Type.Ref('Call'), ...problemResponses(400, 401, 404, 413, 415) },
      },
    },
    async (request, reply) =>
      handlePost(request, reply, idempotency, {
        prepare: () =>
          dispatch.prepareResult(
            request.principal.companyId,
            request.params.taskId,
            (request.body ?? {}) as Record<string, unknown>,
            bodySchemaErrors(request),
          ),
        commit: async (prepared) => ({ status: 201, body: await dispatch.commitResult(prepared, { keyId: request.principal.keyId }) }),
      }),
  );

  app.get(
    '/dispatch',
    {
      schema: {
        tags,
        security,
        summary: 'Dialling status',
        description:
          "Whether dialling is paused (since when, by which key), the company's dialer (without credentials), and how many tasks are due and in flight.",
        response: { 200: DispatchStatusResponse, ...problemResponses(401) },
      },
    },
    async (request) => dispatch.status(request.principal.companyId),
  );

  app.post(
    '/dispatch/pause',
    {
      schema: {
        tags,
        security,
        summary: 'Pause dialling',
        description:
          'No new call is dialled for the company from the next claim on (within a second); calls already ringing finish and their outcomes are recorded. The key that paused is recorded, and the pause is on the audit trail (dispatch.paused). Idempotent.',
        response: { 200: DispatchStatusResponse, ...problemResponses(401) },
      },
    },
    async (request) => dispatch.pause(request.principal.companyId, { keyId: request.principal.keyId }),
  );

  app.post(
    '/dispatch/resume',
    {
      schema: {
        tags,
        security,
        summary: 'Resume dialling',
        description: 'Due tasks are claimed again, each re-checked at the instant of dialling. On the audit trail (dispatch.resumed). Idempotent.',
        response: { 200: DispatchStatusResponse, ...problemResponses(401) },
      },
    },
    async (request) => dispatch.resume(request.principal.companyId, { keyId: request.principal.keyId }),
  );

  app.get(
    '/customers/:id/agent-context',
    {
      schema: {
        tags,
        security,
        summary: 'What an AI agent would be given to call this customer now',
        description:
          "The same object a dispatched call carries: the borrower's name and your externalMetadata, the loans with their figures, the disclosures, when a call now must end by, and the callback rules. Date of birth and SSN last four only when the company turned identity verification on.",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 255 }) }),
        response: { 200: Type.Ref('AgentContext'), ...problemResponses(401, 404) },
      },
    },
    async (request) => dispatch.agentContext(request.principal.companyId, request.params.id),
  );
}
