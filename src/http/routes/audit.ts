/** /audit-events: the company's audit trail, newest first. */
import type { App } from '../typed-app.ts';
import type { AuditService } from '../../services/audit.ts';
import { AuditEventResponse, AuditEventsQuery } from '../../schemas/audit.ts';
import { problemResponses } from '../../schemas/common.ts';
import { Type } from 'typebox';

export function auditRoutes(app: App, audit: AuditService): void {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['Audit'],
        security: [{ apiKey: [] }],
        summary: 'The audit trail',
        description:
          "Changes made through the API with one of your company's keys — which key, when, what, and the names of the fields changed (never their values) — newest first. Filter by customerId or webhookEndpointId.",
        querystring: AuditEventsQuery,
        response: { 200: Type.Array(AuditEventResponse), ...problemResponses(400, 401) },
      },
    },
    async (request) => audit.list(request.principal.companyId, request.query),
  );
}
