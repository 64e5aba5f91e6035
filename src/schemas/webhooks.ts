/**
 * Lender webhooks: the endpoint API's bodies and answers, and the `webhooks` section of the OpenAPI
 * document — one entry per event type, each the Standard Webhooks envelope with its data and an
 * example.
 */
import { Type, type TSchema } from 'typebox';
import { WEBHOOK_EVENT_TYPES } from '../webhooks/event-types.ts';

const nullable = (schema: TSchema) => Type.Union([schema, Type.Null()]);
const EventType = Type.Union(
  WEBHOOK_EVENT_TYPES.map((t) => Type.Literal(t)),
  { description: 'An event type.' },
);

export const EndpointBody = Type.Object(
  {
    url: Type.String({
      description: 'https URL that resolves to public addresses only (http on loopback only with NODE_ENV=development).',
      examples: ['https://lender.example/callwise'],
    }),
    eventTypes: Type.Array(EventType, { minItems: 1 }),
    description: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    enabled: Type.Optional(Type.Boolean({ description: 'Deliveries wait while an endpoint is disabled.' })),
  },
  { additionalProperties: false },
);

export const EndpointUpdateBody = Type.Partial(EndpointBody, { additionalProperties: false });

export const EndpointResponse = Type.Object({
  id: Type.String({ examples: ['whe_0m3x9f2k1a2b3c4d5e6f7a8b9c0'] }),
  url: Type.String(),
  description: nullable(Type.String()),
  eventTypes: Type.Array(Type.String()),
  enabled: Type.Boolean(),
  disabledAt: nullable(Type.String({ format: 'date-time' })),
  disabledReason: nullable(Type.String({ description: 'Why it was disabled: by the company, a 410 Gone, or three days of failures.' })),
  failingSince: nullable(Type.String({ format: 'date-time', description: 'Every attempt has failed since then; three days of it disable the endpoint.' })),
  previousSecretValidUntil: nullable(
    Type.String({ format: 'date-time', description: 'After a rotation, deliveries are signed with the old secret too until then.' }),
  ),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const EndpointWithSecretResponse = Type.Object({
  endpoint: EndpointResponse,
  secret: Type.String({
    description: 'The signing secret (whsec_…). Shown only in this answer: store it now.',
    examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
  }),
});

export const EndpointIdParam = Type.Object({ id: Type.String() });

export const DeliveriesQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')])),
  cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
});

export const DeliveriesResponse = Type.Object({
  data: Type.Array(
    Type.Object({
      eventId: Type.String({ description: 'Also the webhook-id header of every attempt.' }),
      type: Type.String(),
      customerId: nullable(Type.String()),
      status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
      attempts: Type.Integer(),
      nextAttemptAt: nullable(Type.String({ format: 'date-time' })),
      deliveredAt: nullable(Type.String({ format: 'date-time' })),
      log: Type.Array(
        Type.Object({
          attempt: Type.Integer(),
          at: Type.String({ format: 'date-time' }),
          statusCode: nullable(Type.Integer()),
          latencyMs: Type.Integer(),
          error: nullable(Type.String({ description: 'A fixed text (timed out, connection refused, answered 500…); never the response body.' })),
        }),
      ),
    }),
  ),
  nextCursor: nullable(Type.String()),
});

export const RedeliverBody = Type.Object(
  {
    eventId: Type.Optional(Type.String()),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { description: 'One event (eventId), or every event of a time range of at most 31 days (since, until).' },
);

export const RedeliverResponse = Type.Object({ queued: Type.Integer({ description: 'Deliveries queued again (or for the first time).' }) });

// ---- the events (OpenAPI `webhooks`) ------------------------------------------------------------

const at = (description: string) => Type.String({ format: 'date-time', description });

const EVENT_DATA: Record<(typeof WEBHOOK_EVENT_TYPES)[number], { summary: string; data: TSchema; example: Record<string, unknown> }> = {
  'call.completed': {
    summary: 'A call was recorded (placed by the dispatcher, your dialer, or POST /calls): the call object, with the task it completed and its outcome.',
    data: Type.Ref('Call'),
    example: {
      id: 'call_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      customerId: 'cust-1042',
      toPhoneNumber: '+14155550100',
      timestamp: '2026-12-02T18:04:11.000Z',
      direction: 'outbound',
      outcome: 'conversation',
      loanIds: [],
      flags: ['LIVE_CONNECT', 'RPC', 'CALLBACK_REQUEST'],
      durationSeconds: 184,
      transcript: 'Agent: …\nCustomer: …',
      recordingUrl: 'https://recordings.example/abc.mp3',
      summarization: 'The borrower asked to be called back on Friday morning.',
      callbackAt: '2026-12-04T17:00:00.000Z',
      taskId: 'task_0m3x9e1a2b3c4d5e6f7a8b9c0d1',
    },
  },
  'customer.do_not_call': {
    summary: 'The customer was marked do-not-call: by a call (a DNC flag), through the API, or by your LMS. Every pending task is cancelled.',
    data: Type.Object({
      customerId: Type.String(),
      source: Type.Union([Type.Literal('call'), Type.Literal('api'), Type.Literal('lms')]),
      callId: Type.Optional(Type.String({ description: 'The call that carried the request, when a call did.' })),
      at: at('When it was recorded.'),
    }),
    example: { customerId: 'cust-1042', source: 'call', callId: 'call_0m3x9f2k1a2b3c4d5e6f7a8b9c0', at: '2026-12-02T18:04:12.000Z' },
  },
  'customer.calls_stopped': {
    summary: 'A call reported a reason to stop calling (attorney, bankruptcy, dispute, fraud claim, death…): the schedule is stopped.',
    data: Type.Object({
      customerId: Type.String(),
      reason: Type.String({ description: 'The flag: ATTORNEY_REP, BANKRUPTCY, DEBT_DISPUTE, FRAUD_CLAIM, DECEASED…' }),
      detail: Type.String(),
      callId: Type.String(),
      stoppedAt: at('When calls stopped.'),
      tasksCancelled: Type.Integer(),
    }),
    example: {
      customerId: 'cust-1042',
      reason: 'ATTORNEY_REP',
      detail: 'ATTORNEY_REP reported on call call_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      callId: 'call_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      stoppedAt: '2026-12-02T18:04:12.000Z',
      tasksCancelled: 4,
    },
  },
  'customer.consent_changed': {
    summary:
      "A consent event was recorded in the customer's ledger: a revocation (a call's DNC flag, an opt-out, the API) or a grant with its evidence. `callingStopped` says whether calls to the customer's number are now off because of the consumer's revocation.",
    data: Type.Object({
      customerId: Type.String(),
      consentEventId: Type.String(),
      kind: Type.Union([Type.Literal('granted'), Type.Literal('revoked')]),
      phoneNumber: nullable(Type.String({ description: 'The number it concerns; null for every number of the customer.' })),
      channel: Type.String({ description: 'How the consumer gave or revoked it: call, sms, email, mail, web, in_person, other.' }),
      scopeChannel: Type.Union([Type.Literal('voice'), Type.Literal('sms'), Type.Literal('all')]),
      scopeLoanId: nullable(Type.String({ description: 'The loan it is limited to; null for all of them.' })),
      artificialVoice: Type.Boolean({ description: 'Whether it covers calls by an artificial or AI voice.' }),
      source: Type.String({ description: 'Who reported it: lender, lms, call, inbound_opt_out, api, console.' }),
      callId: nullable(Type.String({ description: 'The call that carried it, when a call did.' })),
      effectiveAt: at('When the consumer gave or revoked it.'),
      callingStopped: Type.Boolean({ description: "Whether the consumer's revocation now stops calls to the customer's number." }),
      customerExists: Type.Boolean({ description: 'False when it was recorded for a deleted customer whose records are kept.' }),
    }),
    example: {
      customerId: 'cust-1042',
      consentEventId: 'cns_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      kind: 'revoked',
      phoneNumber: null,
      channel: 'call',
      scopeChannel: 'all',
      scopeLoanId: null,
      artificialVoice: true,
      source: 'call',
      callId: 'call_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      effectiveAt: '2026-12-02T18:04:11.000Z',
      callingStopped: true,
      customerExists: true,
    },
  },
  'customer.callback_requested': {
    summary: 'A call recorded a callback request: the callback task placed for it (null when no lawful time was left in the week after the requested time).',
    data: Type.Object({
      customerId: Type.String(),
      callId: Type.String(),
      requestedFor: at('The time the borrower asked for.'),
      task: nullable(Type.Object({ id: Type.String(), scheduledFor: at('When the callback is planned.'), consented: Type.Boolean() })),
    }),
    example: {
      customerId: 'cust-1042',
      callId: 'call_0m3x9f2k1a2b3c4d5e6f7a8b9c0',
      requestedFor: '2026-12-04T17:00:00.000Z',
      task: { id: 'task_0m3xa01a2b3c4d5e6f7a8b9c0d1', scheduledFor: '2026-12-04T17:00:00.000Z', consented: true },
    },
  },
  'task.skipped': {
    summary: 'At the instant of dialling, the re-check found the attempt not lawful: it was moved to the next lawful instant, or skipped; nothing was dialled.',
    data: Type.Object({
      customerId: Type.String(),
      taskId: Type.String(),
      action: Type.Union([Type.Literal('moved'), Type.Literal('skipped')]),
      scheduledFor: at('When the attempt was due.'),
      movedTo: nullable(at('Where it was moved (moved only).')),
      reason: Type.String(),
      reasonCodes: Type.Array(Type.String({ description: 'The compliance rules that refused it (see POST /compliance/check).' })),
    }),
    example: {
      customerId: 'cust-1042',
      taskId: 'task_0m3x9e1a2b3c4d5e6f7a8b9c0d1',
      action: 'moved',
      scheduledFor: '2026-12-02T20:55:00.000Z',
      movedTo: '2026-12-03T16:00:00.000Z',
      reason: 'the call could not end before the calling window closes',
      reasonCodes: ['WINDOW_CLOSES_DURING_CALL'],
    },
  },
  'schedule.rebuilt': {
    summary: "A change to the customer (PATCH, schedule sync, your LMS) replaced the pending plan: the new plan's pending tasks.",
    data: Type.Object({
      customerId: Type.String(),
      scheduleCreated: Type.Boolean(),
      tasksCreated: Type.Integer(),
      existingTasksRemoved: Type.Integer(),
      reason: Type.Optional(Type.String({ description: 'Why nothing was planned, when nothing was.' })),
      tasks: Type.Array(
        Type.Object({
          id: Type.String(),
          kind: Type.String(),
          loanId: nullable(Type.String()),
          scheduledFor: at('When the attempt is planned.'),
          status: Type.String(),
        }),
      ),
    }),
    example: {
      customerId: 'cust-1042',
      scheduleCreated: true,
      tasksCreated: 2,
      existingTasksRemoved: 3,
      tasks: [
        { id: 'task_0m3xb01a2b3c4d5e6f7a8b9c0d1', kind: 'cadence', loanId: null, scheduledFor: '2026-12-03T16:00:00.000Z', status: 'scheduled' },
        { id: 'task_0m3xb01a2b3c4d5e6f7a8b9c0d2', kind: 'cadence', loanId: null, scheduledFor: '2026-12-04T19:30:00.000Z', status: 'scheduled' },
      ],
    },
  },
  'batch.completed': {
    summary: "A batch job (POST /customers/batch) finished: its counts. Read each item's fate with GET /customers/batch/{jobId}.",
    data: Type.Object({
      jobId: Type.String(),
      status: Type.Union([Type.Literal('completed'), Type.Literal('completed_with_errors')]),
      totalCustomers: Type.Integer(),
      counts: Type.Object({ validated: Type.Integer(), invalid: Type.Integer(), processed: Type.Integer(), succeeded: Type.Integer(), failed: Type.Integer() }),
      error: nullable(Type.String()),
      createdAt: at('When the job was accepted.'),
      startedAt: nullable(at('When its validation began.')),
      finishedAt: nullable(at('When it finished.')),
    }),
    example: {
      jobId: '3f1c2a4e-8b7d-4c1e-9a2b-5d6e7f8a9b0c',
      status: 'completed_with_errors',
      totalCustomers: 1000,
      counts: { validated: 1000, invalid: 12, processed: 1000, succeeded: 985, failed: 15 },
      error: null,
      createdAt: '2026-12-02T18:00:00.000Z',
      startedAt: '2026-12-02T18:00:00.120Z',
      finishedAt: '2026-12-02T18:00:04.800Z',
    },
  },
};

const SIGNATURE_NOTE =
  'Signed per the Standard Webhooks specification: headers webhook-id (the event id, the same on every retry: deduplicate by it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (`v1,` base64 HMAC-SHA256 of `id.timestamp.body` under the endpoint secret; two signatures for 24 hours after a rotation). Answer 2xx within 15 s; anything else is retried with backoff for about three days; 410 disables the endpoint.';

/** The OpenAPI 3.1 `webhooks` object: one POST per event type. */
export function webhookDocs(): Record<string, { post: Record<string, unknown> }> {
  return Object.fromEntries(
    WEBHOOK_EVENT_TYPES.map((type) => {
      const { summary, data, example } = EVENT_DATA[type];
      const envelope = Type.Object({
        type: Type.Literal(type),
        timestamp: at('When the change happened (ISO 8601).'),
        data: typeof (data as { $ref?: unknown }).$ref === 'string' ? { $ref: `#/components/schemas/${(data as { $ref: string }).$ref}` } : data,
      });
      return [
        type,
        {
          post: {
            tags: ['Webhooks'],
            summary,
            description: SIGNATURE_NOTE,
            requestBody: {
              content: { 'application/json': { schema: envelope, example: { type, timestamp: '2026-12-02T18:04:12.000Z', data: example } } },
            },
            responses: { '2XX': { description: 'Received. Any other answer, or none within 15 s, is retried.' } },
          },
        },
      ];
    }),
  );
}
