import { type Static, Type } from 'typebox';

export const AuditEventResponse = Type.Object(
  {
    id: Type.String(),
    at: Type.String({ description: 'When the change was made (RFC 3339, UTC).' }),
    apiKeyId: Type.String({ description: 'The API key that made it.' }),
    apiKeyPrefix: Type.Union([Type.String(), Type.Null()], { description: "The key's first characters, as `callwise key list` shows them." }),
    apiKeyName: Type.Union([Type.String(), Type.Null()], { description: "The key's name, if it was given one." }),
    action: Type.String({
      description:
        'What was done: customer.updated (PATCH /customers/{id}, POST /scheduled-calls/{customerId}), customer.synced (POST /customers/schedule/sync), customer.deleted, schedule.stopped, schedule.resumed, schedule.rebuilt (POST /customers/{id}/schedule/…), call.recorded (POST /calls, POST /dispatch/{taskId}/result), consent.granted, consent.revoked (POST /customers/{id}/consent), dispatch.paused, dispatch.resumed (company-wide: customerId is null), webhook_endpoint.created, webhook_endpoint.updated, webhook_endpoint.secret_rotated, webhook_endpoint.deleted, webhook_endpoint.redelivery_requested (POST/PATCH/DELETE /webhook-endpoints…: webhookEndpointId names the endpoint).',
    }),
    customerId: Type.Union([Type.String(), Type.Null()], {
      description: 'The customer changed; null for a change to the whole company (dispatch, webhook endpoints).',
    }),
    webhookEndpointId: Type.Union([Type.String(), Type.Null()], {
      description: 'The webhook endpoint changed, for a webhook_endpoint action; otherwise null.',
    }),
    fields: Type.Array(Type.String(), { description: 'The fields changed, by name; never their values.' }),
  },
  { additionalProperties: false },
);
export type AuditEvent = Static<typeof AuditEventResponse>;

export const AuditEventsQuery = Type.Object(
  {
    customerId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: "Only this customer's events." })),
    webhookEndpointId: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: "Only this webhook endpoint's events." })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'How many, newest first (default 50).' })),
  },
  { additionalProperties: false },
);
